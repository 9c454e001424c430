package io.steward.client.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.GenericMapOutput;
import io.lettuce.core.protocol.CommandType;
import java.util.List;
import java.util.Map;

/**
 * Asks a node for its replication role. {@code ROLE} is in the {@code @admin} category, which
 * application users usually lack; {@code HELLO} (category {@code @connection}, allowed to every
 * authenticated user) reports the same role and is used when {@code ROLE} is denied.
 */
final class RoleProbe {

    static final String MASTER = "master";

    private RoleProbe() {}

    /**
     * @return {@code master}, {@code slave} or {@code sentinel}
     * @throws RuntimeException what Lettuce throws when the node cannot answer
     */
    static String roleOf(StatefulRedisConnection<String, String> connection) {
        try {
            List<Object> role = connection.sync().role();
            return role.isEmpty() ? "" : String.valueOf(role.get(0));
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOPERM")) {
                throw e;
            }
            Map<String, Object> hello =
                    connection.sync().dispatch(CommandType.HELLO, new GenericMapOutput<>(StringCodec.UTF8));
            return String.valueOf(hello.get("role"));
        }
    }
}

package io.steward.client.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
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
    static String roleOf(StatefulRedisConnection<?, ?> connection) {
        // no arguments are sent and the outputs decode with their own codec, so any codec will do
        @SuppressWarnings({"unchecked", "rawtypes"})
        RedisCommands<String, String> sync = (RedisCommands) connection.sync();
        try {
            List<Object> role = sync.dispatch(CommandType.ROLE, new ArrayOutput<>(StringCodec.UTF8));
            return role.isEmpty() ? "" : String.valueOf(role.get(0));
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() == null || !e.getMessage().startsWith("NOPERM")) {
                throw e;
            }
            Map<String, Object> hello = sync.dispatch(CommandType.HELLO, new GenericMapOutput<>(StringCodec.UTF8));
            return String.valueOf(hello.get("role"));
        }
    }
}

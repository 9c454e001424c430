package io.steward.ops.info;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import io.steward.HostAndPort;
import java.util.Map;
import java.util.Objects;

/**
 * What one Sentinel says about one monitored master: its {@code INFO}, {@code SENTINEL MASTER},
 * {@code GET-MASTER-ADDR-BY-NAME} and {@code CKQUORUM}. The one reading of a Sentinel that health checks and
 * Sentinel administration share; each reads what else it needs on the same connection.
 *
 * @param info         the Sentinel's {@code INFO}
 * @param master       its {@code SENTINEL MASTER} fields; empty when it does not monitor the master
 * @param monitorError why {@code SENTINEL MASTER} was refused (such as {@code ERR No such master with that
 *                     name}), or {@code null}
 * @param address      where it believes the master is; {@code null} when it does not monitor the master
 * @param quorumOk     whether {@code SENTINEL CKQUORUM} passed; {@code false} when not asked
 * @param quorumReply  the {@code CKQUORUM} reply or error; empty when not asked
 */
public record SentinelMasterView(
        InfoSnapshot info,
        Map<String, String> master,
        String monitorError,
        HostAndPort address,
        boolean quorumOk,
        String quorumReply) {

    public SentinelMasterView {
        Objects.requireNonNull(info, "info");
        master = Map.copyOf(master);
        quorumReply = quorumReply == null ? "" : quorumReply;
    }

    /**
     * Reads {@code masterName} as the Sentinel behind {@code commands} sees it. A refusal of {@code SENTINEL MASTER}
     * (an unknown master) or of {@code CKQUORUM} (too few Sentinels) is part of the view; other failures, such as a
     * lost connection, are thrown.
     *
     * @throws io.lettuce.core.RedisException when the Sentinel cannot be asked
     */
    public static SentinelMasterView read(RedisSentinelCommands<String, String> commands, String masterName) {
        InfoSnapshot info = InfoSnapshot.parse(commands.info());
        Map<String, String> master;
        try {
            master = commands.master(masterName);
        } catch (RedisCommandExecutionException e) {
            return new SentinelMasterView(info, Map.of(), oneLine(e), null, false, "");
        }
        HostAndPort address = HostAndPort.of(commands.getMasterAddrByName(masterName));
        try {
            String reply = commands.dispatch(
                    CommandType.SENTINEL,
                    new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(masterName));
            return new SentinelMasterView(info, master, null, address, true, reply);
        } catch (RedisCommandExecutionException e) {
            return new SentinelMasterView(info, master, null, address, false, oneLine(e));
        }
    }

    /** Whether the Sentinel monitors the master and names its address. */
    public boolean monitors() {
        return monitorError == null && address != null;
    }

    private static String oneLine(RuntimeException e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : message.replaceAll("\\s*\\R\\s*", " ");
    }
}

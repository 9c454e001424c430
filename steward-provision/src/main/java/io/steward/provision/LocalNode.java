package io.steward.provision;

import io.steward.HostAndPort;

/**
 * One locally supervised process: a redis-server or a redis-sentinel. A node that exits without
 * being asked to is restarted by the supervisor (after a Sentinel or Cluster failover, as a
 * replica of the new master).
 */
public interface LocalNode {

    /** A short stable name such as {@code redis-6379} or {@code sentinel-26379}. */
    String name();

    HostAndPort endpoint();

    boolean isSentinel();

    /** The process id, or -1 when not running. */
    long pid();

    boolean isRunning();

    /** Sends SIGKILL, as a crash would; the supervisor will restart the node. */
    void kill();

    /** Sends SIGSTOP: the process stays but answers nothing until {@link #resume()}. */
    void pause();

    /** Sends SIGCONT after {@link #pause()}. */
    void resume();
}

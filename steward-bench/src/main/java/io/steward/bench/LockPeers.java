package io.steward.bench;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.steward.HostAndPort;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.redisson.Redisson;
import org.redisson.api.RFencedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The peers of {@code steward bench locks}: Redisson {@code RLock} and {@code RFencedLock}, and a bare lock. */
final class LockPeers {

    /** Lease of the bare lock; the Redisson locks use their watchdog (30 s, renewed). */
    static final Duration BARE_LEASE = Duration.ofSeconds(30);
    /** How long the bare lock sleeps between attempts while another holder has it. */
    static final Duration BARE_POLL = Duration.ofMillis(1);

    private static final String COMPARE_AND_DELETE =
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private LockPeers() {}

    static RedissonClient redisson(HostAndPort redis) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        return Redisson.create(config);
    }

    static LockContestant redissonLock(HostAndPort redis) {
        RedissonClient client = redisson(redis);
        return new LockContestant() {
            @Override
            public String name() {
                return "Redisson RLock";
            }

            @Override
            public String description() {
                return "Redisson " + BuildInfo.redissonVersion()
                        + " getLock(name).tryLock(wait, MILLISECONDS) (watchdog lease, 30 s renewed), unlock();"
                        + " useSingleServer() with Redisson's defaults";
            }

            @Override
            public Held acquire(String name, Duration wait) throws InterruptedException {
                RLock lock = client.getLock(name);
                return lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS) ? lock::unlock : null;
            }

            @Override
            public void close() {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        };
    }

    static LockContestant redissonFencedLock(HostAndPort redis) {
        RedissonClient client = redisson(redis);
        return new LockContestant() {
            @Override
            public String name() {
                return "Redisson RFencedLock";
            }

            @Override
            public String description() {
                return "Redisson " + BuildInfo.redissonVersion()
                        + " getFencedLock(name).tryLockAndGetToken(wait, MILLISECONDS) (watchdog lease), unlock()";
            }

            @Override
            public Held acquire(String name, Duration wait) {
                RFencedLock lock = client.getFencedLock(name);
                Long token = lock.tryLockAndGetToken(wait.toMillis(), TimeUnit.MILLISECONDS);
                return token == null ? null : Held.fenced(token, lock::unlock);
            }

            @Override
            public void close() {
                client.shutdown(0, 2, TimeUnit.SECONDS);
            }
        };
    }

    /**
     * What a team writes by hand: {@code SET name token NX PX lease}, retried after a short sleep while another
     * holder has it, and released by a compare-and-delete script; one shared Lettuce connection, no fencing, no
     * renewal.
     */
    static LockContestant bare(HostAndPort redis) {
        RedisClient client = RedisClient.create(RedisURI.create(redis.host(), redis.port()));
        StatefulRedisConnection<String, String> connection = client.connect();
        RedisCommands<String, String> commands = connection.sync();
        String release = commands.scriptLoad(COMPARE_AND_DELETE);
        SetArgs nxpx = SetArgs.Builder.nx().px(BARE_LEASE.toMillis());
        return new LockContestant() {
            @Override
            public String name() {
                return "bare SET NX PX + compare-and-delete";
            }

            @Override
            public String description() {
                return "Lettuce " + BuildInfo.lettuceVersion() + ", one shared connection: SET name token NX PX "
                        + BARE_LEASE.toMillis() + ", retried every " + BARE_POLL.toMillis()
                        + " ms while held elsewhere; release by EVALSHA of a compare-and-delete script";
            }

            @Override
            public Held acquire(String name, Duration wait) throws InterruptedException {
                String token = UUID.randomUUID().toString();
                long deadline = System.nanoTime() + wait.toNanos();
                while (true) {
                    if ("OK".equals(commands.set(name, token, nxpx))) {
                        return () -> commands.evalsha(release, ScriptOutputType.INTEGER, new String[] {name}, token);
                    }
                    if (System.nanoTime() - deadline >= 0) {
                        return null;
                    }
                    Thread.sleep(BARE_POLL.toMillis());
                }
            }

            @Override
            public void close() {
                connection.close();
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        };
    }
}

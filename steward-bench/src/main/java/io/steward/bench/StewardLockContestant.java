package io.steward.bench;

import io.steward.HostAndPort;
import io.steward.client.ClientOptions;
import io.steward.client.Mode;
import io.steward.client.StewardClient;
import io.steward.client.lock.HeldLock;
import io.steward.client.lock.StewardLocks;
import java.time.Duration;
import java.util.Optional;

/** Steward's {@code StewardLocks} in {@code steward bench locks}: fencing tokens, renewal and defaults on. */
final class StewardLockContestant implements LockContestant {

    static final Duration LEASE = Duration.ofSeconds(30);

    private final StewardClient client;
    private final StewardLocks locks;

    private StewardLockContestant(StewardClient client, StewardLocks locks) {
        this.client = client;
        this.locks = locks;
    }

    static LockContestant connect(HostAndPort redis) {
        StewardClient client = StewardClient.create(
                ClientOptions.builder().mode(Mode.STANDALONE).endpoints(redis).build());
        return new StewardLockContestant(client, StewardLocks.create(client));
    }

    @Override
    public String name() {
        return "Steward StewardLocks";
    }

    @Override
    public String description() {
        return "StewardLocks.create(client) with LockOptions.defaults() (fencing token on every acquisition, renewal"
                + " at lease/3): tryLock(name, " + LEASE.toSeconds() + " s lease, wait), HeldLock.release()";
    }

    @Override
    public Held acquire(String name, Duration wait) throws InterruptedException {
        Optional<HeldLock> held = locks.tryLock(name, LEASE, wait);
        if (held.isEmpty()) {
            return null;
        }
        HeldLock lock = held.get();
        return Held.fenced(lock.fencingToken(), lock::release);
    }

    @Override
    public void close() {
        try {
            locks.close();
        } finally {
            client.close();
        }
    }
}

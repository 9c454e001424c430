package io.steward.client.internal;

import io.steward.HostAndPort;

/** Says where the master is now. */
@FunctionalInterface
interface MasterLocator {

    /**
     * @return the master's address
     * @throws RuntimeException a Steward exception when no source could be asked
     */
    HostAndPort locate();

    /** The master of a standalone deployment: always the one node. */
    static MasterLocator fixed(HostAndPort node) {
        return () -> node;
    }
}

package io.steward.cli;

import io.steward.backup.BackupEngine;
import io.steward.client.StewardClient;
import io.steward.ops.config.StewardConfig;
import java.time.Clock;

/** A backup engine over a node-level client for the configured deployment; closing releases the client. */
final class EngineSession implements AutoCloseable {

    private final StewardConfig config;
    private final StewardClient client;
    private final BackupEngine engine;

    EngineSession(StewardCli root) {
        this.config = root.loadConfig();
        this.client = StewardClient.createForNodes(config.clientOptions().build());
        this.engine = BackupEngine.create(config, client, Clock.systemUTC());
    }

    StewardConfig config() {
        return config;
    }

    BackupEngine engine() {
        return engine;
    }

    @Override
    public void close() {
        client.close();
    }
}

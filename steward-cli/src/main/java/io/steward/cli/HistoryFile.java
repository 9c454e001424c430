package io.steward.cli;

import io.steward.StewardException;
import io.steward.monitor.history.MetricsHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The metrics history the daemon keeps in the Steward home, for the commands that read it. */
final class HistoryFile {

    private HistoryFile() {}

    /**
     * Opens {@code HOME/history.db}.
     *
     * @throws StewardException when the file does not exist; it is not created
     */
    static MetricsHistory openExisting(StewardCli root, Clock clock) {
        Path file = root.home().resolve(MetricsHistory.DEFAULT_FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new StewardException("no metrics history yet (" + file
                    + " does not exist); 'steward serve' or './steward up' collects it, then ask again");
        }
        return MetricsHistory.open(file, clock);
    }
}

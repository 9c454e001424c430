package io.steward.monitor.history;

import io.steward.StewardException;
import java.nio.file.Path;

/** The history file could not be opened, read or written. */
public class HistoryStoreException extends StewardException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public HistoryStoreException(Path file, String action, Throwable cause) {
        super("metrics history " + file + ": cannot " + action + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    /** The SQLite file. */
    public Path file() {
        return file;
    }
}

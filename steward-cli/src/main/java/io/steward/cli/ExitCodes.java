package io.steward.cli;

/** The exit codes of every command (DESIGN §4). */
final class ExitCodes {

    static final int OK = 0;
    static final int DEGRADED = 1;
    static final int FAILED = 2;
    static final int USAGE = 64;

    private ExitCodes() {}
}

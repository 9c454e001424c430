package io.steward.cli;

/** Entry point of {@code steward.jar}. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        System.exit(StewardCli.execute(args));
    }
}

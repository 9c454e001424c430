package io.steward.cli;

import io.steward.ConfigException;
import io.steward.StewardException;
import io.steward.ops.config.ConfigLoader;
import io.steward.ops.config.StewardConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code steward [--home DIR | --config FILE] [--json] [--verbose] COMMAND}. Errors are printed as
 * one line (with the stack trace under {@code --verbose}); exit codes follow {@link ExitCodes}.
 *
 * <p>Every command, at every depth, answers {@code --help} (an inherited option, so a command added
 * later has it too) and {@code steward help COMMAND [SUBCOMMAND]} prints the same text. A command
 * group run without a subcommand ({@code steward}, {@code steward backup}) prints its help to
 * standard error and exits with the usage code: nothing was done, and a script that lost its
 * subcommand should not pass for one that made a backup.
 */
@Command(
        name = "steward",
        versionProvider = StewardCli.Version.class,
        description = "Production-grade Redis for Java teams.",
        subcommands = {
            CommandHelp.class,
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            HealthCommand.class,
            ConfigCommand.class,
            BackupCommand.class,
            RestoreCommand.class,
            SentinelCommand.class,
            ClusterCommand.class,
            DrillCommand.class,
            AnalyzeCommand.class,
            CapacityCommand.class,
            ServeCommand.class,
            SuperviseCommand.class
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./steward up -d               # local HA Redis and dashboard, detached",
            "  ./steward status              # processes, ports and roles",
            "  ./steward health              # every node and threshold; exit 0, 1 or 2",
            "  ./steward backup create       # compressed, encrypted, checksummed backup",
            "  ./steward help backup create  # the same as: backup create --help",
            "  ./steward down --purge        # stop everything and delete the data",
            "",
            "Launcher commands (the ./steward script, not this jar; each has --help):",
            "  test: ./steward test          # build, then run every test",
            "  bench: ./steward bench NAME   # measure Steward against its peers"
        })
public final class StewardCli implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "show this help and exit")
    boolean helpRequested;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "print the version and exit")
    boolean versionRequested;

    @Option(
            names = "--home",
            scope = ScopeType.INHERIT,
            paramLabel = "DIR",
            description = "Steward home (default: $STEWARD_HOME or ./.steward)")
    Path home;

    @Option(
            names = "--config",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "steward.yaml to use (default: HOME/steward.yaml)")
    Path config;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print JSON with a stable schema")
    boolean json;

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "print stack traces with errors")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Map<String, String> environment = System.getenv();

    @Override
    public Integer call() {
        return showHelpForMissingSubcommand(spec);
    }

    /**
     * What a command group does when run without a subcommand: prints its help to standard error
     * and returns {@link ExitCodes#USAGE}.
     */
    static int showHelpForMissingSubcommand(CommandLine.Model.CommandSpec group) {
        CommandLine commandLine = group.commandLine();
        commandLine.usage(commandLine.getErr(), commandLine.getColorScheme());
        return ExitCodes.USAGE;
    }

    /** The Steward home from {@code --home}, {@code STEWARD_HOME} or {@code ./.steward}. */
    Path home() {
        if (home != null) {
            return home.toAbsolutePath().normalize();
        }
        String env = environment.get("STEWARD_HOME");
        return Path.of(env == null || env.isBlank() ? ".steward" : env)
                .toAbsolutePath()
                .normalize();
    }

    /** The config file from {@code --config}, else {@code HOME/steward.yaml}. */
    Path configFile() {
        return config != null ? config.toAbsolutePath().normalize() : home().resolve("steward.yaml");
    }

    /**
     * The deployment's {@code steward.yaml}.
     *
     * @throws ConfigException when it is missing or invalid, naming file, line and field
     */
    StewardConfig loadConfig() {
        Path file = configFile();
        // notExists, not !exists: a file that cannot be looked at (permission denied) is not missing,
        // and the loader says what is wrong with it
        if (java.nio.file.Files.notExists(file)) {
            throw new ConfigException(
                    file,
                    0,
                    "",
                    "no such file; run './steward up' to create a local deployment,"
                            + " or pass --config FILE describing existing servers");
        }
        return ConfigLoader.withEnvironment(environment).read(file);
    }

    Map<String, String> environment() {
        return environment;
    }

    /** Runs the command line with the process's streams and environment. */
    public static int execute(String... args) {
        return execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv());
    }

    /** Runs the command line; what would be printed goes to {@code out} and {@code err}. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        StewardCli root = new StewardCli();
        root.environment = env;
        CommandLine cli = commandLine(root);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage() + suggestion(e) + " (see 'steward " + commandPath(e.getCommandLine())
                    + "--help')");
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + oneLine(e));
            if (root.verbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return exitCodeOf(e);
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** The command tree over {@code root}, as {@link #execute} runs it. */
    static CommandLine commandLine(StewardCli root) {
        return new CommandLine(root);
    }

    /** For a mistyped command or option, picocli's nearest names: {@code "; did you mean status?"}. */
    private static String suggestion(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched
                && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    private static String commandPath(CommandLine commandLine) {
        StringBuilder path = new StringBuilder();
        for (CommandLine c = commandLine; c != null && c.getParent() != null; c = c.getParent()) {
            path.insert(0, c.getCommandName() + " ");
        }
        return path.toString();
    }

    private static int exitCodeOf(Exception e) {
        if (e instanceof ConfigException config
                && config.field() != null
                && (config.field().startsWith("--") || isModeMismatch(config))) {
            return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
    }

    /**
     * A command that does not apply to the deployment's mode ({@code sentinel} on a cluster): the file is
     * fine (line 0, no syntax error), the command was the wrong one.
     */
    private static boolean isModeMismatch(ConfigException e) {
        return "topology.mode".equals(e.field()) && e.line() == 0;
    }

    private static String oneLine(Exception e) {
        String message = e instanceof StewardException || e.getMessage() != null ? e.getMessage() : e.toString();
        return message == null ? e.getClass().getSimpleName() : message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = StewardCli.class.getPackage().getImplementationVersion();
            return new String[] {"steward " + (v == null ? "development" : v)};
        }
    }
}

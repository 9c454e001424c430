package io.steward.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.steward.provision.DeploymentPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help on every level, for every command of the real command tree: a command added later is covered
 * without touching this test.
 */
class CommandHelpTest {

    /** Every command of the tree, depth first, the root included. */
    private static List<CommandLine> everyCommand() {
        List<CommandLine> all = new ArrayList<>();
        collect(StewardCli.commandLine(new StewardCli()), all);
        return all;
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().forEach(c -> collect(c, into));
    }

    /** The words after {@code steward} that select {@code command}: {@code [backup, create]}. */
    private static List<String> path(CommandLine command) {
        List<String> words = new ArrayList<>();
        for (CommandLine c = command; c.getParent() != null; c = c.getParent()) {
            words.add(0, c.getCommandName());
        }
        return words;
    }

    private static String usageLine(CommandLine command) {
        return "Usage: " + command.getCommandSpec().qualifiedName() + " ";
    }

    @Test
    void treeHasTheCommandsOfTheContract() {
        assertThat(everyCommand().stream().map(c -> String.join(" ", path(c))))
                .contains("help", "backup create", "backup verify", "config render", "restore", "up", "status");
    }

    @Test
    void everyCommandAnswersHelpOptionWithItsUsage() {
        for (CommandLine command : everyCommand()) {
            for (String option : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(path(command));
                args.add(option);

                CliRun run = CliRun.of(args.toArray(String[]::new));

                assertThat(run.exitCode()).as("%s%n%s", args, run).isZero();
                assertThat(run.out()).as("%s", args).startsWith(usageLine(command));
                assertThat(run.err()).as("%s", args).isEmpty();
            }
        }
    }

    @Test
    void helpCommandPrintsTheSameUsageForEveryCommandPath() {
        for (CommandLine command : everyCommand()) {
            List<String> args = new ArrayList<>(List.of("help"));
            args.addAll(path(command));
            List<String> withOption = new ArrayList<>(path(command));
            withOption.add("--help");

            CliRun run = CliRun.of(args.toArray(String[]::new));

            assertThat(run.exitCode()).as("%s%n%s", args, run).isZero();
            assertThat(run.out()).as("%s", args).startsWith(usageLine(command));
            assertThat(run.out())
                    .as("%s", args)
                    .isEqualTo(CliRun.of(withOption.toArray(String[]::new)).out());
        }
    }

    @Test
    void helpOptionWorksAfterOtherOptions() {
        CliRun run = CliRun.of("backup", "create", "--home", "/nonexistent", "--type", "full", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: steward backup create ");
    }

    @Test
    void commandGroupWithoutSubcommandShowsItsHelpWithTheUsageCode() {
        for (CommandLine command : everyCommand()) {
            if (command.getSubcommands().isEmpty()) {
                continue;
            }
            CliRun run = CliRun.of(path(command).toArray(String[]::new));

            assertThat(run.exitCode()).as("%s%n%s", path(command), run).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as("%s", path(command)).startsWith(usageLine(command));
            assertThat(run.err()).doesNotContain("error:");
            assertThat(run.out()).isEmpty();
        }
    }

    @Test
    void helpForAnUnknownCommandIsAUsageErrorListingTheCommands() {
        CliRun run = CliRun.of("help", "backup", "restore");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().strip())
                .isEqualTo("error: 'steward backup' has no command 'restore'; its commands are: create, list, verify,"
                        + " cleanup (see 'steward backup --help')");
    }

    @Test
    void portBaseHelpStatesTheRangeTheCodeEnforces() {
        assertThat(CliRun.of("up", "--help").out().replaceAll("\\s+", " "))
                .contains("N from " + DeploymentPlan.MIN_PORT_BASE + " to " + DeploymentPlan.MAX_PORT_BASE);
    }

    @Test
    void everyCommandOptionAndParameterHasADescription() {
        for (CommandLine command : everyCommand()) {
            CommandSpec spec = command.getCommandSpec();
            assertThat(String.join("", spec.usageMessage().description()))
                    .as("description of '%s'", spec.qualifiedName())
                    .isNotBlank();
            Stream.<ArgSpec>concat(spec.options().stream(), spec.positionalParameters().stream())
                    .forEach(arg -> assertThat(String.join("", arg.description()))
                            .as("description of %s of '%s'", arg.paramLabel(), spec.qualifiedName())
                            .isNotBlank());
        }
    }

    @Test
    void examplesInHelpAreCommandsThatParseAndFitTheScreen() {
        int examples = 0;
        for (CommandLine command : everyCommand()) {
            String[] footer = command.getCommandSpec().usageMessage().footer();
            for (String line : footer) {
                assertThat(line.length())
                        .as("footer of '%s' wraps: %s", command.getCommandName(), line)
                        .isLessThan(command.getUsageHelpWidth());
            }
            for (List<String> example : examples(footer)) {
                examples++;
                assertThat(example.get(0)).isEqualTo("./steward");
                String[] args = example.subList(1, example.size()).toArray(String[]::new);
                assertThatCode(() -> {
                            CommandLine.ParseResult parsed =
                                    StewardCli.commandLine(new StewardCli()).parseArgs(args);
                            List<CommandLine> chosen = parsed.asCommandLineList();
                            assertThat(chosen.get(chosen.size() - 1).getSubcommands())
                                    .as("an example runs a command, not a group")
                                    .isEmpty();
                        })
                        .as("example %s", example)
                        .doesNotThrowAnyException();
            }
        }
        assertThat(examples).isGreaterThanOrEqualTo(5);
    }

    /**
     * The shell commands of a footer: lines starting with {@code ./steward}, joined across trailing
     * backslashes, without {@code # comments}.
     */
    private static List<List<String>> examples(String[] footer) {
        List<List<String>> examples = new ArrayList<>();
        StringBuilder current = null;
        for (String raw : footer) {
            String line = raw.replaceFirst("\\s+#.*$", "").strip();
            if (current == null && !line.startsWith("./steward")) {
                continue;
            }
            current = current == null ? new StringBuilder() : current.append(' ');
            boolean continues = line.endsWith("\\");
            current.append(continues ? line.substring(0, line.length() - 1).strip() : line);
            if (!continues) {
                examples.add(Arrays.asList(current.toString().split("\\s+")));
                current = null;
            }
        }
        return examples;
    }
}

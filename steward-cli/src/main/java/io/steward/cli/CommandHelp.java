package io.steward.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code steward help [COMMAND [SUBCOMMAND]]}: the help of any command, the same text as
 * {@code COMMAND SUBCOMMAND --help}. Picocli's own {@link picocli.CommandLine.HelpCommand} resolves
 * one name only ({@code help backup create} would print the help of {@code backup}); this one follows
 * the whole path through the command tree. An unknown name is a usage error listing the commands
 * that exist at that level.
 */
@Command(
        name = "help",
        helpCommand = true,
        description = "Show the help of a command, such as: ./steward help backup create")
final class CommandHelp implements CommandLine.IHelpCommandInitializable2, Runnable {

    @Parameters(
            paramLabel = "COMMAND",
            arity = "0..*",
            description = "the command and subcommands to describe (none: the whole tool)")
    List<String> path = new ArrayList<>();

    private CommandLine self;
    private CommandLine.Help.ColorScheme colorScheme;
    private PrintWriter out;

    @Override
    public void init(
            CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
        this.self = helpCommandLine;
        this.colorScheme = colorScheme;
        this.out = out;
    }

    @Override
    public void run() {
        CommandLine target = self.getParent();
        for (String name : path) {
            CommandLine next = target.getSubcommands().get(name);
            if (next == null) {
                throw new CommandLine.ParameterException(
                        target,
                        "'" + target.getCommandSpec().qualifiedName() + "' has no command '" + name + "'; "
                                + (visibleSubcommands(target).isEmpty()
                                        ? "it has no subcommands"
                                        : "its commands are: " + visibleSubcommands(target)));
            }
            target = next;
        }
        target.usage(out, colorScheme);
    }

    private static String visibleSubcommands(CommandLine command) {
        return command.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden())
                .map(CommandLine::getCommandName)
                .collect(Collectors.joining(", "));
    }
}

package io.steward.provision.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program to completion, for oracles that are not Java. */
final class Command {

    /** What a finished program printed on stdout and stderr, and its exit code. */
    record Result(int exitCode, String output) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    private Command() {}

    static boolean installed(Path program) {
        return Files.isExecutable(program);
    }

    /** Runs {@code program}, failing the test if it takes longer than 30 seconds. */
    static Result run(Path program, Object... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        Arrays.stream(args).map(String::valueOf).forEach(command::add);
        Path output = Files.createTempFile("steward-command", ".out");
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(command + " did not finish within 30 s: " + Files.readString(output));
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }
}

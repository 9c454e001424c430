package io.steward.cli;

import io.steward.provision.LocalDeployment;
import io.steward.provision.LocalHome;
import io.steward.provision.RedisBinaries;
import io.steward.server.StewardDaemon;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * The detached supervisor {@code up -d} starts: adopts the running nodes, restarts any that crash,
 * and on SIGTERM (from {@code down}) stops them all.
 */
@Command(name = "supervise", hidden = true, description = "Supervise the local deployment (started by 'up -d').")
final class SuperviseCommand implements Callable<Integer> {

    @ParentCommand
    StewardCli root;

    @Override
    public Integer call() throws InterruptedException {
        Path home = root.home();
        LocalDeployment deployment = LocalDeployment.adopt(home, RedisBinaries.locate(root.environment()));
        PrintWriter err = root.spec.commandLine().getErr();
        // started before the supervisor is recorded, so 'up -d' finds the dashboard listening
        Optional<StewardDaemon> daemon = Daemons.startBesideNodes(root.loadConfig(), home, err);
        LocalHome.recordSupervisor(home, ProcessHandle.current());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                daemon.ifPresent(StewardDaemon::close);
                                deployment.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "steward-stop"));
        stopped.await();
        return ExitCodes.OK;
    }
}

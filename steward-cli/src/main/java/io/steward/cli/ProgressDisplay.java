package io.steward.cli;

import io.steward.backup.BackupEngine;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on an interactive terminal; silent under {@code --json}, without a console, or in
 * CI. One bar per phase.
 */
final class ProgressDisplay implements BackupEngine.Progress, AutoCloseable {

    private final boolean enabled;
    private ProgressBar bar;
    private String phase;

    ProgressDisplay(boolean json) {
        this.enabled = !json && System.console() != null && System.getenv("CI") == null;
    }

    @Override
    public synchronized void update(String newPhase, long done, long total) {
        if (!enabled) {
            return;
        }
        if (bar == null || !newPhase.equals(phase)) {
            close();
            phase = newPhase;
            bar = new ProgressBarBuilder()
                    .setTaskName(newPhase)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUnit(" MiB", 1 << 20)
                    .showSpeed()
                    .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .build();
        }
        if (total > 0) {
            bar.maxHint(total);
        }
        bar.stepTo(done);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

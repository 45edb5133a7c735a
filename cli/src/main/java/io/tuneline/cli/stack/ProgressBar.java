package io.tuneline.cli.stack;

import io.tuneline.contracts.events.TrainingProgress;

/**
 * One line that redraws itself with a run's progress: a bar, step of total, loss, validation loss, learning rate,
 * tokens per second and the time left, as the worker reports them in {@code TrainingProgress} events. Where the
 * output is a log rather than a terminal, a line per tenth of the run (and one per validation) instead.
 */
final class ProgressBar {

    private static final int WIDTH = 28;

    private final Console console;
    private long lastStep = -1;
    private boolean drawn;

    ProgressBar(Console console) {
        this.console = console;
    }

    void show(TrainingProgress progress) {
        if (progress.step() == lastStep) {
            return;
        }
        lastStep = progress.step();
        if (console.interactive()) {
            console.print("\r" + render(progress));
            drawn = true;
        } else if (progress.validationLoss() != null || progress.step() == progress.totalSteps()
                || progress.step() % Math.max(1, progress.totalSteps() / 10) == 0) {
            console.println(render(progress).stripTrailing());
        }
    }

    void finish() {
        if (drawn) {
            console.println("");
            drawn = false;
        }
    }

    static String render(TrainingProgress p) {
        double done = p.totalSteps() <= 0 ? 0 : Math.min(1, (double) p.step() / p.totalSteps());
        int filled = (int) Math.round(done * WIDTH);
        String validation = p.validationLoss() == null ? "" : String.format(" val %.3f", p.validationLoss());
        String eta = p.etaSeconds() < 0 ? "?" : Durations.seconds(java.time.Duration.ofSeconds(p.etaSeconds()));
        return String.format("  [%s%s] %3d%% step %d/%d loss %.3f%s lr %.1e %,.0f tok/s eta %s   ",
                "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(done * 100), p.step(), p.totalSteps(),
                p.loss(), validation, p.learningRate(), p.tokensPerSecond(), eta);
    }
}

package io.tuneline.worker.progress;

import io.tuneline.contracts.events.TrainingProgress;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for {@code ./tuneline train}:
 * <pre>step 40/200 [#####...............]  20% loss 2.314 val 2.501  1,234 tok/s  ETA 3m12s</pre>
 * Redrawn in place on a terminal; elsewhere (a log file) one line per {@code linesEvery} steps.
 */
public final class TerminalProgressBar implements ProgressSink {

    private static final int WIDTH = 24;

    private final PrintStream out;
    private final boolean inPlace;
    private final int linesEvery;
    private Double lastValidationLoss;
    private boolean lineOpen;

    public TerminalProgressBar(PrintStream out, boolean inPlace, int linesEvery) {
        this.out = out;
        this.inPlace = inPlace;
        this.linesEvery = Math.max(1, linesEvery);
    }

    /** Redraws in place when the JVM has a console. */
    public static TerminalProgressBar forConsole(PrintStream out) {
        return new TerminalProgressBar(out, System.console() != null, 10);
    }

    @Override
    public void started(RunStarted s) {
        endLine();
        out.printf(Locale.ROOT, "run %s on %s: %d training and %d validation examples, %d steps%s%n", s.runId(),
                s.device(), s.trainExamples(), s.validationExamples(), s.totalSteps(),
                s.resumedFromStep() > 0 ? ", resuming after step " + s.resumedFromStep() : "");
        if (s.truncatedPrompts() > 0 || s.truncatedCompletions() > 0) {
            out.printf(Locale.ROOT, "truncated to the token limits: %d prompts, %d completions%n",
                    s.truncatedPrompts(), s.truncatedCompletions());
        }
    }

    @Override
    public void progress(TrainingProgress p) {
        if (p.validationLoss() != null) {
            lastValidationLoss = p.validationLoss();
        }
        boolean last = p.step() >= p.totalSteps();
        if (!inPlace && p.step() % linesEvery != 0 && !last && p.validationLoss() == null) {
            return;
        }
        String line = render(p, lastValidationLoss);
        if (inPlace) {
            out.print("\r" + line);
            lineOpen = true;
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** The bar's text for one progress report. */
    static String render(TrainingProgress p, Double validationLoss) {
        double fraction = p.totalSteps() == 0 ? 0 : Math.min(1.0, (double) p.step() / p.totalSteps());
        int filled = (int) Math.round(fraction * WIDTH);
        return String.format(Locale.ROOT, "step %d/%d [%s%s] %3d%% loss %.4f%s %,7.0f tok/s  ETA %s", p.step(),
                p.totalSteps(), "#".repeat(filled), ".".repeat(WIDTH - filled), Math.round(fraction * 100), p.loss(),
                validationLoss == null ? "" : String.format(Locale.ROOT, " val %.4f", validationLoss),
                p.tokensPerSecond(), duration(p.etaSeconds()));
    }

    static String duration(long seconds) {
        if (seconds < 0) {
            return "?";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return (seconds / 60) + "m" + String.format(Locale.ROOT, "%02d", seconds % 60) + "s";
        }
        return (seconds / 3600) + "h" + String.format(Locale.ROOT, "%02d", (seconds % 3600) / 60) + "m";
    }

    @Override
    public void checkpointSaved(CheckpointSaved c) {
        endLine();
        out.printf(Locale.ROOT, "checkpoint step %d -> %s%s%n", c.step(), c.location(),
                c.validationLoss() == null ? ""
                        : String.format(Locale.ROOT, " (val %.4f%s%s)", c.validationLoss(),
                                c.generalValidationLoss() == null ? ""
                                        : String.format(Locale.ROOT, ", general %.4f", c.generalValidationLoss()),
                                c.best() ? ", best" : ""));
    }

    @Override
    public void completed(RunResult r) {
        endLine();
        out.printf(Locale.ROOT, "done: %d steps, final loss %.4f%n  model: %s%n  best:  %s%n", r.steps(),
                r.finalLoss(), r.lastCheckpoint(), r.bestCheckpoint());
        r.metrics().forEach((name, value) -> out.printf(Locale.ROOT, "  %-24s %s%n", name, value));
    }

    @Override
    public void failed(RunFailure f) {
        endLine();
        out.printf(Locale.ROOT, "failed (%s): %s%s%n", f.errorCode(), f.reason(),
                f.lastCheckpoint() == null ? "" : "\n  last checkpoint: " + f.lastCheckpoint());
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }
}

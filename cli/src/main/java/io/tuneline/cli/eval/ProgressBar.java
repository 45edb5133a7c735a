package io.tuneline.cli.eval;

import io.tuneline.evaluation.ProgressListener;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar on standard error: the phase, a bar, done/total and the rate. Redrawn in place with
 * {@code \r}; a finished phase stays on its own line with its duration.
 */
final class ProgressBar implements ProgressListener {

    private static final int WIDTH = 30;

    private final PrintWriter err;
    private String phase;
    private long phaseStart;

    ProgressBar(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String newPhase, int done, int total) {
        if (!newPhase.equals(phase)) {
            phase = newPhase;
            phaseStart = System.nanoTime();
        }
        double seconds = (System.nanoTime() - phaseStart) / 1e9;
        err.print("\r\033[K" + line(phase, done, total, seconds));
        if (done >= total) {
            err.println();
        }
        err.flush();
    }

    static String line(String phase, int done, int total, double seconds) {
        int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
        String rate = done == 0 || seconds <= 0 ? "" : String.format(Locale.ROOT, ", %.2f s/example", seconds / done);
        return String.format(Locale.ROOT, "%-22s [%s%s] %d/%d (%.0f s%s)", phase, "#".repeat(filled),
                " ".repeat(WIDTH - filled), done, total, seconds, rate);
    }
}

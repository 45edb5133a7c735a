package io.tuneline.cli.stack;

import java.time.Duration;
import java.util.Locale;

/** Elapsed times as people read them. */
final class Durations {

    private Durations() {
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toNanos() / 1e9);
    }
}

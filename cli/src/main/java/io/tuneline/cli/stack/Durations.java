package io.tuneline.cli.stack;

import java.util.Locale;

/** Elapsed times as people read them. */
final class Durations {

    private Durations() {
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}

package io.github.redishajunit.internal;

import java.time.Duration;

/** Durations as progress lines show them. */
final class Durations {

    private Durations() {}

    static String since(long startNanos) {
        return format(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    static String format(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 60_000) + " min " + (millis % 60_000) / 1000 + " s";
    }
}

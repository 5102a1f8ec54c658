package io.github.redishajunit.internal.progress;

import java.time.Duration;
import org.apiguardian.api.API;

/** Durations as progress lines show them. */
@API(status = API.Status.INTERNAL)
public final class Durations {

    private Durations() {}

    public static String since(long startNanos) {
        return format(Duration.ofNanos(System.nanoTime() - startNanos));
    }

    public static String format(Duration d) {
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

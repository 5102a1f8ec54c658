package io.github.redishajunit;

import java.util.List;
import org.apiguardian.api.API;

/**
 * Releasing several resources at once, as a handle's {@code close()} does: every release runs, whatever the others
 * threw (an {@link Error} too, so that a {@code finally}-like last release still runs); the first failure is thrown
 * afterwards with the rest suppressed in it.
 */
@API(status = API.Status.INTERNAL, since = "0.1.0")
public final class Releases {

    private Releases() {
    }

    /** Runs every release in order; throws the first failure, the later ones suppressed in it. */
    public static void runAll(List<Runnable> releases) {
        Throwable failure = null;
        for (Runnable release : releases) {
            try {
                release.run();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
    }
}

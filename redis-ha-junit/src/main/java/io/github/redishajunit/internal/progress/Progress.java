package io.github.redishajunit.internal.progress;

import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs each phase of a stack's start with its duration, so a user watching {@code mvn verify} sees where time goes. */
@API(status = API.Status.INTERNAL)
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.redishajunit");

    private final String stack;
    private final long start;
    private long last;

    /** @param startNanos when the scope started ({@code @BeforeAll} of the class, or the test) */
    public Progress(String stack, long startNanos) {
        this.stack = stack;
        this.start = startNanos;
        this.last = startNanos;
    }

    public synchronized void phase(String what) {
        long now = System.nanoTime();
        LOG.info("[{}] {} in {} ({} since start)", stack, what, Durations.format(java.time.Duration.ofNanos(now - last)),
                Durations.format(java.time.Duration.ofNanos(now - start)));
        last = now;
    }

    public java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - start);
    }

    public void info(String message, Object... args) {
        LOG.info("[" + stack + "] " + message, args);
    }

    public void warn(String message, Object... args) {
        LOG.warn("[" + stack + "] " + message, args);
    }
}

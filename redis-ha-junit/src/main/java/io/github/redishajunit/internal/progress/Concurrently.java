package io.github.redishajunit.internal.progress;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apiguardian.api.API;

/**
 * Blocking calls (API requests, port-forwards, Redis commands) that do not depend on each other, made at once on
 * threads of their own: the common pool has one thread on a two-core machine and must not be blocked. Daemon
 * threads, gone a minute after their last task.
 */
@API(status = API.Status.INTERNAL)
public final class Concurrently {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ThreadFactory FACTORY = task -> {
        Thread thread = new Thread(task, "redis-ha-junit-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    };
    private static final ExecutorService EXECUTOR = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), FACTORY);

    private Concurrently() {}

    /** Starts {@code task} on a thread of its own. */
    public static CompletableFuture<Void> start(Runnable task) {
        return CompletableFuture.runAsync(task, EXECUTOR);
    }

    /** Starts {@code task} on a thread of its own, for its result. */
    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, EXECUTOR);
    }

    /** The task's result; its failure rethrown as it was, not wrapped in a {@link CompletionException}. */
    public static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            throw rethrown(e.getCause() == null ? e : e.getCause());
        }
    }

    /**
     * Runs {@code action} on every item at once and returns when all are done. The first failure (in item order) is
     * rethrown as it was, the others suppressed into it.
     */
    public static <T> void forEach(List<T> items, Consumer<? super T> action) {
        if (items.size() < 2) {
            items.forEach(action);
            return;
        }
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        for (T item : items) {
            tasks.add(start(() -> action.accept(item)));
        }
        Throwable failure = null;
        for (CompletableFuture<Void> task : tasks) {
            try {
                task.join();
            } catch (CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw rethrown(failure);
        }
    }

    private static RuntimeException rethrown(Throwable failure) {
        if (failure instanceof RuntimeException runtime) {
            return runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new CompletionException(failure);
    }
}

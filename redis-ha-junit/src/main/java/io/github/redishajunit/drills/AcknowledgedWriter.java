package io.github.redishajunit.drills;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.RedisNode;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Writes unique keys at a bounded rate to whichever node is the master now, each {@code SET} followed by {@code WAIT}
 * for every replica on the same connection, and records what each write got. A write is <em>acknowledged</em> when
 * the master answered OK and {@code WAIT} counted every replica; <em>unconfirmed</em> when the master answered OK but
 * fewer replicas had it; <em>failed</em> otherwise. It only writes to the stack under test, on its own connection,
 * and stops by itself after {@link #MAX_WRITES}.
 */
final class AcknowledgedWriter implements AutoCloseable {

    /** How long one {@code WAIT} waits for the replicas. */
    static final Duration WAIT_TIMEOUT = Duration.ofMillis(500);

    /** How long one write may take: longer names an outage, not a slow server. */
    private static final Duration WRITE_TIMEOUT = WAIT_TIMEOUT.plusSeconds(1);

    /** A bound on the writes of one drill, whatever its rate and duration. */
    static final int MAX_WRITES = 20_000;

    enum Outcome { FAILED, UNCONFIRMED, ACKNOWLEDGED }

    /** One write: its key, when it was sent (nanoTime), what it got, and the error of a failed one (else empty). */
    record Write(String key, long sentNanos, Outcome outcome, String error) {

        Write(String key, long sentNanos, Outcome outcome) {
            this(key, sentNanos, outcome, "");
        }

        /** Whether the master answered OK: acknowledged by it, whatever {@code WAIT} counted. */
        boolean acceptedByMaster() {
            return outcome != Outcome.FAILED;
        }

        /** Refused by a master without enough replicas ({@code min-replicas-to-write}): {@code NOREPLICAS}. */
        boolean refusedForLackOfReplicas() {
            return error.contains("NOREPLICAS");
        }
    }

    private final Supplier<RedisNode> master;
    private final ConnectionSettings settings;
    private final ConnectionSettings opening;
    private final RedisClient client;
    private final int replicas;
    private final String prefix;
    private final Workload workload;
    private final List<Write> writes = new ArrayList<>();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-ha-drill-writer");
        thread.setDaemon(true);
        return thread;
    });
    // the writer thread's own (and the caller's in preload, before start)
    private StatefulRedisConnection<String, String> connection;
    private long next;
    private volatile String lastError = "none";

    /**
     * @param master the node to write to now (asked again after every failed write)
     * @param replicas how many replicas {@code WAIT} must count
     * @param prefix every key starts with it, so that the drill's keys are told apart and removed afterwards
     */
    AcknowledgedWriter(Supplier<RedisNode> master, ConnectionSettings settings, int replicas, String prefix) {
        this(master, settings, replicas, prefix, null);
    }

    /**
     * @param workload the application's own write, which {@link #start} runs in place of {@code SET} and {@code WAIT}
     *     (the preload still writes through the library), or null
     */
    AcknowledgedWriter(Supplier<RedisNode> master, ConnectionSettings settings, int replicas, String prefix,
            Workload workload) {
        this.workload = workload;
        this.master = master;
        this.settings = settings.withTimeout(WRITE_TIMEOUT);
        // but the first connection is opened on a healthy stack, before the drill: through a port-forward its
        // handshake waits for the API server to reach the pod, which took over 1.5 s on a loaded CI machine
        this.opening = settings;
        this.client = this.settings.newClient();
        this.replicas = replicas;
        this.prefix = prefix;
    }

    /**
     * Writes {@code count} keys at once (pipelined) and one {@code WAIT}: all acknowledged when it counts every
     * replica. The data the drill expects to find after the disruption, besides what is written during it.
     */
    List<Write> preload(int count, Duration waitTimeout) {
        List<Write> loaded = new ArrayList<>();
        if (count == 0) {
            return loaded;
        }
        RedisAsyncCommands<String, String> async = connection(opening).async();
        List<RedisFuture<String>> replies = new ArrayList<>();
        long sent = System.nanoTime();
        for (int i = 0; i < count; i++) {
            replies.add(async.set(prefix + "preload:" + i, Integer.toString(i)));
        }
        LettuceFutures.awaitAll(waitTimeout, replies.toArray(RedisFuture[]::new));
        long acknowledgedBy = connection(opening).sync().waitForReplication(replicas, waitTimeout.toMillis());
        for (int i = 0; i < count; i++) {
            boolean ok = replies.get(i).isDone() && "OK".equals(replies.get(i).toCompletableFuture().getNow(null));
            loaded.add(new Write(prefix + "preload:" + i, sent,
                    !ok ? Outcome.FAILED : acknowledgedBy >= replicas ? Outcome.ACKNOWLEDGED : Outcome.UNCONFIRMED));
        }
        return loaded;
    }

    /** Starts writing {@code perSecond} keys a second on the writer's thread. */
    void start(int perSecond) {
        executor.scheduleAtFixedRate(this::writeOne, 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
    }

    /** Stops writing and waits for the write in flight; returns every write, in order. */
    List<Write> stop() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(WAIT_TIMEOUT.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        return writes();
    }

    /** The writes so far, in order. */
    List<Write> writes() {
        synchronized (writes) {
            return List.copyOf(writes);
        }
    }

    /** The message of the last failed write: what the outage looked like from the client. */
    String lastError() {
        return lastError;
    }

    private void writeOne() {
        if (next >= MAX_WRITES) {
            executor.shutdown();
            return;
        }
        String key = prefix + next++;
        long sent = System.nanoTime();
        Outcome outcome = Outcome.FAILED;
        String error = "";
        if (workload != null) {
            applicationWrite(key, sent);
            return;
        }
        try {
            StatefulRedisConnection<String, String> writing = connection(settings);
            if ("OK".equals(writing.sync().set(key, Long.toString(next - 1)))) {
                outcome = Outcome.UNCONFIRMED;
                long acknowledgedBy = writing.sync().waitForReplication(replicas, WAIT_TIMEOUT.toMillis());
                outcome = acknowledgedBy >= replicas ? Outcome.ACKNOWLEDGED : Outcome.UNCONFIRMED;
            }
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            lastError = error;
            dropConnection();
        }
        synchronized (writes) {
            writes.add(new Write(key, sent, outcome, error));
        }
    }

    /**
     * One write through the application's {@link Workload}: acknowledged when it returns; whatever it throws is a
     * failed write (unconfirmed when it timed out), never the end of the writer.
     */
    private void applicationWrite(String key, long sent) {
        Outcome outcome;
        String error = "";
        try {
            workload.write(key, Long.toString(next - 1));
            outcome = Outcome.ACKNOWLEDGED;
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable thrown) {
            // the application's own message, with any credentials in a URI it names left out
            error = causes(thrown).replaceAll("://[^@/\\s]*@", "://***@");
            lastError = error;
            outcome = timedOut(thrown) ? Outcome.UNCONFIRMED : Outcome.FAILED;
        }
        synchronized (writes) {
            writes.add(new Write(key, sent, outcome, error));
        }
    }

    /** {@code Type: message}, then each cause's ({@code ; caused by Type: message}): what the client said. */
    static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            text.append(text.length() == 0 ? "" : "; caused by ").append(cause.getClass().getSimpleName())
                    .append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** Whether {@code thrown}, or a cause of it, is a timeout: the write was sent and its answer not awaited. */
    static boolean timedOut(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getClass().getSimpleName().contains("Timeout") || cause.getMessage() != null
                    && cause.getMessage().contains("timed out")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The writing connection, opened again when it was dropped: its handshake bounded by {@code how}'s timeout, its
     * commands by the writer's.
     */
    private StatefulRedisConnection<String, String> connection(ConnectionSettings how) {
        if (connection == null || !connection.isOpen()) {
            dropConnection();
            connection = client.connect(how.uri(master.get().endpoint()));
            connection.setTimeout(WRITE_TIMEOUT);
        }
        return connection;
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // a connection to a pod that is gone: nothing to close cleanly
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        stop();
        dropConnection();
        ClientShutdown.shutdown(client);
    }
}

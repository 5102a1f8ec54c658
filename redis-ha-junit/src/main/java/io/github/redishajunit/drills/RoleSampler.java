package io.github.redishajunit.drills;

import io.github.redishajunit.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches for split brain during a drill: every {@link #PERIOD} it asks each data node for its role ({@code INFO
 * replication} on the node's own connection, at most {@link #PERIOD} for an answer) and counts the time during which
 * two or more of them answered {@code role:master} at once, and when each node last became master. A node that does
 * not answer in time counts as no master.
 */
final class RoleSampler implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(250);

    private final List<? extends RedisNode> nodes;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "redis-ha-drill-roles");
        thread.setDaemon(true);
        return thread;
    });
    private long splitNanos;
    private long lastNanos;
    private String seen = "";
    private Set<String> previous;
    private final Map<String, Long> promoted = new HashMap<>();

    private RoleSampler(List<? extends RedisNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /** Starts sampling the roles of {@code nodes}. */
    static RoleSampler start(List<? extends RedisNode> nodes) {
        RoleSampler sampler = new RoleSampler(nodes);
        sampler.executor.scheduleWithFixedDelay(sampler::sample, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    private void sample() {
        List<CompletableFuture<Boolean>> answers = nodes.stream().map(RoleSampler::isMaster).toList();
        List<String> masters = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            try {
                if (answers.get(i).get(PERIOD.toMillis(), TimeUnit.MILLISECONDS)) {
                    masters.add(nodes.get(i).name());
                }
            } catch (Exception notInTime) {
                // not answering now (deleted, paused, restarting): not a master at this instant
            }
        }
        long now = System.nanoTime();
        synchronized (this) {
            // two masters now: count the time since the previous sample (one period for the first one)
            if (masters.size() >= 2) {
                splitNanos += lastNanos == 0 ? PERIOD.toNanos() : now - lastNanos;
                seen = String.join(" and ", masters);
            }
            lastNanos = now;
            // a master now that was none at the previous sample was promoted (the first sample is the baseline)
            if (previous != null) {
                for (String master : masters) {
                    if (!previous.contains(master)) {
                        promoted.put(master, now);
                    }
                }
            }
            previous = new HashSet<>(masters);
        }
    }

    private static CompletableFuture<Boolean> isMaster(RedisNode node) {
        try {
            return node.connection().async().info("replication").toCompletableFuture()
                    .thenApply(info -> info.contains("role:master"));
        } catch (RuntimeException notConnected) {
            return CompletableFuture.completedFuture(false);
        }
    }

    /** How long two or more servers answered {@code role:master} at once (zero when they never did). */
    synchronized Duration splitBrain() {
        return Duration.ofNanos(splitNanos);
    }

    /**
     * When {@code node} was last seen answering {@code role:master} after not answering it (as {@link System#nanoTime}),
     * empty when it never became master during the sampling.
     */
    synchronized Optional<Long> promotedAt(String node) {
        return Optional.ofNullable(promoted.get(node));
    }

    /** The servers seen as masters at once last, e.g. {@code cache-node-0 and cache-node-1}; empty when none. */
    synchronized String splitBetween() {
        return seen;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(PERIOD.multipliedBy(nodes.size() + 1).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

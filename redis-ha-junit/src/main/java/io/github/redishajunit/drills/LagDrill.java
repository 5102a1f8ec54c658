package io.github.redishajunit.drills;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.drills.LagReport.ReplicaLag;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Replication lag under a sustained write load: {@code SET}s of a given size at a given rate for a given time on a
 * connection of its own (pipelined, no {@code WAIT}), while every {@link #SAMPLE} the master's {@code
 * master_repl_offset} and each replica's {@code slave_repl_offset} are read at once, and every {@link #PROBE} a small
 * write on another connection is followed by {@code WAIT} for every replica within {@link #WAIT_PROBE_TIMEOUT}. Then
 * every replica must catch up with the master and every write the master acknowledged must be on every node.
 */
final class LagDrill {

    static final Duration SAMPLE = Duration.ofMillis(100);
    static final Duration PROBE = Duration.ofMillis(200);
    static final Duration WAIT_PROBE_TIMEOUT = Duration.ofMillis(100);
    private static final Duration TICK = Duration.ofMillis(10);
    private static final Pattern MASTER_OFFSET = Pattern.compile("master_repl_offset:(\\d+)");
    private static final Pattern REPLICA_OFFSET = Pattern.compile("slave_repl_offset:(\\d+)");

    /** One sample: when, the master's offset, each replica's that answered in time. */
    record Sample(long nanos, long master, Map<String, Long> replicas) {}

    private LagDrill() {}

    static LagReport run(HACluster cluster, Duration bound, int rate, Duration duration, int valueBytes) {
        RedisNode master = cluster.master();
        List<RedisNode> replicas = List.copyOf(cluster.replicas());
        String prefix = "rha-lag:" + UUID.randomUUID().toString().substring(0, 8) + ":";
        String value = "x".repeat(valueBytes);
        ConnectionSettings settings = cluster.connectionSettings();
        RedisClient client = settings.newClient();
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(3, runnable -> {
            Thread thread = new Thread(runnable, "redis-ha-drill-lag");
            thread.setDaemon(true);
            return thread;
        });
        List<RedisFuture<String>> writes = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        AtomicInteger probes = new AtomicInteger();
        AtomicInteger keptUp = new AtomicInteger();
        try (StatefulRedisConnection<String, String> load = client.connect(settings.uri(master.endpoint()));
                StatefulRedisConnection<String, String> probe = client.connect(settings.uri(master.endpoint()))) {
            RedisAsyncCommands<String, String> async = load.async();
            long total = (long) rate * duration.toMillis() / 1000;
            long started = System.nanoTime();
            executor.scheduleAtFixedRate(() -> {
                long due = Math.min(total, (System.nanoTime() - started) * rate / 1_000_000_000L);
                synchronized (writes) {
                    while (writes.size() < due) {
                        writes.add(async.set(prefix + writes.size(), value));
                    }
                }
            }, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(() -> sample(master, replicas).ifPresent(s -> {
                synchronized (samples) {
                    samples.add(s);
                }
            }), 0, SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
            executor.scheduleWithFixedDelay(() -> {
                try {
                    probe.sync().set(prefix + "probe", "1");
                    probes.incrementAndGet();
                    if (probe.sync().waitForReplication(replicas.size(), WAIT_PROBE_TIMEOUT.toMillis())
                            >= replicas.size()) {
                        keptUp.incrementAndGet();
                    }
                } catch (RedisException e) {
                    // counted as not kept up: the probe was sent
                }
            }, PROBE.toMillis(), PROBE.toMillis(), TimeUnit.MILLISECONDS);
            await(cluster, "the load of " + total + " writes to be sent", duration.plus(bound),
                    () -> writes.size() + " of " + total + " writes sent", () -> {
                        synchronized (writes) {
                            return writes.size() >= total;
                        }
                    });
            executor.shutdownNow();
            LettuceFutures.awaitAll(Duration.ofSeconds(30), writes.toArray(RedisFuture[]::new));
            long loadEnded = System.nanoTime();
            long finalOffset = offset(master.info("replication"), MASTER_OFFSET);
            AtomicReference<String> seen = new AtomicReference<>("not asked yet");
            await(cluster, "every replica to catch up with the master's offset " + finalOffset + " after the load",
                    bound, seen::get, () -> {
                        Map<String, Long> offsets = new LinkedHashMap<>();
                        for (RedisNode replica : replicas) {
                            offsets.put(replica.name(), offset(replica.info("replication"), REPLICA_OFFSET));
                        }
                        seen.set("replica offsets " + offsets);
                        return offsets.values().stream().allMatch(o -> o >= finalOffset);
                    });
            Duration caughtUp = Duration.ofNanos(System.nanoTime() - loadEnded);
            List<String> keys = new ArrayList<>();
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                keys.add(prefix + i);
                CompletableFuture<String> reply = writes.get(i).toCompletableFuture();
                if (reply.isDone() && !reply.isCompletedExceptionally() && "OK".equals(reply.join())) {
                    acknowledged.add(prefix + i);
                }
            }
            List<RedisNode> nodes = new ArrayList<>(List.of(master));
            nodes.addAll(replicas);
            int lost = (int) KeyCheck.missing(nodes, acknowledged).values().stream().flatMap(List::stream).distinct()
                    .count();
            keys.add(prefix + "probe");
            KeyCheck.remove(master, keys);
            Map<String, ReplicaLag> lags = new LinkedHashMap<>();
            List<Sample> taken;
            synchronized (samples) {
                taken = List.copyOf(samples);
            }
            replicas.forEach(replica -> lags.put(replica.name(), lag(taken, replica.name())));
            LagReport report = new LagReport(cluster.location(), rate, duration, valueBytes, writes.size(),
                    acknowledged.size(), lost, lags, probes.get(), keptUp.get(), caughtUp);
            if (lost > 0) {
                throw new AssertionError("Expecting the Redis HA stack in " + cluster.location() + " to keep every"
                        + " write its master acknowledged under a sustained load\nbut " + lost + " of "
                        + acknowledged.size() + " acknowledged writes were missing from the master or a replica"
                        + " afterwards\n" + report.summary() + "\n" + report.line());
            }
            return report;
        } finally {
            executor.shutdownNow();
            ClientShutdown.shutdown(client);
        }
    }

    private static void await(HACluster cluster, String what, Duration bound, Supplier<String> seen,
            Callable<Boolean> done) {
        try {
            Awaitility.await(what).atMost(bound).pollInterval(SAMPLE).pollInSameThread()
                    .ignoreExceptionsInstanceOf(RedisException.class).until(done);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("Expecting the Redis HA stack in " + cluster.location() + " to keep up with a"
                    + " sustained write load: " + what + " within " + bound.toSeconds() + " s\nbut: " + seen.get(), e);
        }
    }

    /** The master's and every replica's offset, asked at once; empty when the master did not answer in time. */
    private static Optional<Sample> sample(RedisNode master, List<RedisNode> replicas) {
        long now = System.nanoTime();
        CompletableFuture<String> fromMaster = info(master);
        Map<String, CompletableFuture<String>> fromReplicas = new LinkedHashMap<>();
        replicas.forEach(replica -> fromReplicas.put(replica.name(), info(replica)));
        try {
            long masterOffset = offset(fromMaster.get(SAMPLE.toMillis(), TimeUnit.MILLISECONDS), MASTER_OFFSET);
            Map<String, Long> offsets = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<String>> answer : fromReplicas.entrySet()) {
                try {
                    offsets.put(answer.getKey(), offset(answer.getValue().get(SAMPLE.toMillis(),
                            TimeUnit.MILLISECONDS), REPLICA_OFFSET));
                } catch (Exception notInTime) {
                    // this replica is left out of this sample
                }
            }
            return Optional.of(new Sample(now, masterOffset, offsets));
        } catch (Exception notInTime) {
            return Optional.empty();
        }
    }

    private static CompletableFuture<String> info(RedisNode node) {
        return node.connection().async().info("replication").toCompletableFuture();
    }

    private static long offset(String info, Pattern pattern) {
        Matcher matcher = pattern.matcher(info);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern.pattern().replace(":(\\d+)", "") + " in INFO replication");
        }
        return Long.parseLong(matcher.group(1));
    }

    /**
     * A replica's lag over {@code samples}: in bytes, the master's offset minus the replica's in each sample; in
     * milliseconds, from each sample to the first one in which the replica had reached that sample's master offset
     * (to the end of the samples when it never did).
     */
    static ReplicaLag lag(List<Sample> samples, String replica) {
        List<Long> bytes = new ArrayList<>();
        List<Long> millis = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample sample = samples.get(i);
            Long offset = sample.replicas().get(replica);
            if (offset != null) {
                bytes.add(Math.max(0, sample.master() - offset));
            }
            long reached = samples.get(samples.size() - 1).nanos();
            for (int j = i; j < samples.size(); j++) {
                Long later = samples.get(j).replicas().get(replica);
                if (later != null && later >= sample.master()) {
                    reached = samples.get(j).nanos();
                    break;
                }
            }
            millis.add((reached - sample.nanos()) / 1_000_000);
        }
        return new ReplicaLag(max(bytes), p99(bytes), max(millis), p99(millis));
    }

    private static long max(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static long p99(List<Long> values) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
    }
}

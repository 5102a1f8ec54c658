package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldPropagate.shouldPropagate;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.assertions.PropagationResult.ReplicaLatency;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Runbook step 2, data propagation: SET a key on the master, then GET it on every replica until each has served
 * the value or the timeout passes; the key is deleted afterwards. Replicas are read concurrently (asynchronous
 * GETs), so a frozen replica neither delays the others nor their latencies. A latency runs from the master's
 * reply to the SET to the reply of the first GET that returned the value; GETs that return something else are
 * sent again every few milliseconds, so a latency may exceed the true one by that much.
 */
final class PropagationCheck {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(5);

    private final RedisTopology topology;

    PropagationCheck(RedisTopology topology) {
        this.topology = topology;
    }

    Verdict<PropagationResult> run(String key, String value, Duration timeout) {
        RedisNode master = topology.master();
        List<Probe> probes = topology.replicas().stream().map(replica -> new Probe(replica, key, value)).toList();
        try (TemporaryKey written = TemporaryKey.set(master.connection().sync(), key, value)) {
            long writtenAt = System.nanoTime();
            // the first GETs leave at once, not after Awaitility has set itself up
            probes.forEach(Probe::served);
            try {
                await("value of " + key + " on every replica in " + topology.location())
                        .atMost(timeout)
                        .pollDelay(Duration.ZERO)
                        .pollInterval(POLL_INTERVAL)
                        // a poll cut short at the bound must not leave "interrupted" as a probe's last reply
                        .pollInSameThread()
                        .until(() -> probes.stream().filter(probe -> !probe.served()).count() == 0);
            } catch (ConditionTimeoutException timedOut) {
                // the probes say which replicas never served the value
                return verdict(master, probes, written.name(), timeout, writtenAt);
            }
            return verdict(master, probes, written.name(), timeout, writtenAt);
        }
    }

    private Verdict<PropagationResult> verdict(RedisNode master, List<Probe> probes, String key, Duration timeout,
            long writtenAt) {
        List<ReplicaLatency> latencies = probes.stream().filter(Probe::hasServed)
                .map(probe -> probe.latencySince(writtenAt)).toList();
        PropagationResult result = new PropagationResult(key, timeout, latencies);
        Map<String, String> lastReplies = new LinkedHashMap<>();
        probes.stream().filter(probe -> !probe.hasServed())
                .forEach(probe -> lastReplies.put(probe.describe(), probe.lastReply()));
        if (lastReplies.isEmpty()) {
            return Verdict.passed(result);
        }
        return Verdict.failed(result, shouldPropagate(topology.location(), master.describe(), key, timeout,
                latencies, lastReplies));
    }

    /** One replica's GETs: at most one in flight; the first reply equal to the value stamps the time. */
    private static final class Probe {

        private final RedisNode replica;
        private final String key;
        private final String value;
        private volatile long servedAt;
        private volatile String lastReply = "nothing yet";
        private RedisFuture<String> inFlight;

        Probe(RedisNode replica, String key, String value) {
            this.replica = replica;
            this.key = key;
            this.value = value;
        }

        /** Whether the replica has served the value; if not, sends the next GET unless one is in flight. */
        synchronized boolean served() {
            if (servedAt != 0) {
                return true;
            }
            if (inFlight == null || inFlight.isDone()) {
                try {
                    inFlight = replica.connection().async().get(key);
                    inFlight.whenComplete(this::record);
                } catch (RedisException e) {
                    lastReply = Errors.describe(e);
                }
            }
            return servedAt != 0;
        }

        private void record(String reply, Throwable error) {
            long now = System.nanoTime();
            if (error != null) {
                lastReply = Errors.describe(error);
            } else if (value.equals(reply)) {
                servedAt = now;
            } else {
                lastReply = reply == null ? "(nil)" : "\"" + reply + "\"";
            }
        }

        boolean hasServed() {
            return servedAt != 0;
        }

        ReplicaLatency latencySince(long writtenAt) {
            return new ReplicaLatency(replica.name(), replica.address(), Duration.ofNanos(Math.max(0, servedAt - writtenAt)));
        }

        String lastReply() {
            String reply = lastReply;
            return inFlight != null && !inFlight.isDone() ? reply + " (a GET was still unanswered)" : reply;
        }

        String describe() {
            return replica.describe();
        }
    }
}

package io.github.redishajunit.drills;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which node the writer writes to: without Sentinels, the master pod (the same name comes back after a restart);
 * with them, the node the first answering Sentinel names, asked again after every failed write. The Sentinel in the
 * disrupted pod is asked last, so that a dead one does not hold the writer up.
 */
final class MasterLocator implements Supplier<RedisNode> {

    private final HACluster cluster;
    private final RedisNode fixed;
    private final List<RedisSentinel> sentinels;
    private final String masterSet;

    private MasterLocator(HACluster cluster, RedisNode fixed, List<RedisSentinel> sentinels, String masterSet) {
        this.cluster = cluster;
        this.fixed = fixed;
        this.sentinels = sentinels;
        this.masterSet = masterSet;
    }

    /** The master as the stack names it now, with {@code disrupted} the pod a drill is about to delete. */
    static MasterLocator of(HACluster cluster, String disrupted) {
        if (cluster.sentinels().isEmpty()) {
            return new MasterLocator(cluster, cluster.master(), List.of(), null);
        }
        List<RedisSentinel> ordered = new ArrayList<>(cluster.sentinels());
        ordered.sort(Comparator.comparing(sentinel -> sentinel.name().equals(disrupted)));
        String masterSet = ordered.stream().map(MasterLocator::masterSetOf).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Sentinel of the stack in namespace "
                        + cluster.namespace() + " monitors a master: " + ordered.stream()
                                .map(RedisSentinel::describe).toList()));
        return new MasterLocator(cluster, null, List.copyOf(ordered), masterSet);
    }

    @Override
    public RedisNode get() {
        if (fixed != null) {
            return fixed;
        }
        for (RedisSentinel sentinel : sentinels) {
            Optional<RedisNode> named = named(sentinel);
            if (named.isPresent()) {
                return named.get();
            }
        }
        throw new IllegalStateException("no Sentinel names a master of " + masterSet + " that is a pod of the stack");
    }

    /** The node {@code sentinel} names as the master now, if it answers with one of the stack's pods. */
    Optional<RedisNode> named(RedisSentinel sentinel) {
        try {
            SocketAddress address = sentinel.connection().sync().getMasterAddrByName(masterSet);
            if (!(address instanceof InetSocketAddress inet)) {
                return Optional.empty();
            }
            return cluster.nodes().stream().filter(node -> node.isAt(inet.getHostString(), inet.getPort())).findFirst();
        } catch (RedisException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    /** The Sentinels' {@code down-after-milliseconds} for the master set, as the first answering one says it. */
    Optional<Duration> downAfter() {
        for (RedisSentinel sentinel : sentinels) {
            try {
                String millis = sentinel.connection().sync().master(masterSet).get("down-after-milliseconds");
                if (millis != null && millis.matches("\\d+")) {
                    return Optional.of(Duration.ofMillis(Long.parseLong(millis)));
                }
            } catch (RedisException | IllegalStateException e) {
                // ask the next one
            }
        }
        return Optional.empty();
    }

    boolean withSentinels() {
        return fixed == null;
    }

    List<RedisSentinel> sentinels() {
        return sentinels;
    }

    /** The name of the master set the Sentinels watch, e.g. {@code mymaster}; null without Sentinels. */
    String masterSet() {
        return masterSet;
    }

    private static Optional<String> masterSetOf(RedisSentinel sentinel) {
        try {
            List<Map<String, String>> masters = sentinel.connection().sync().masters();
            return masters.isEmpty() ? Optional.empty() : Optional.ofNullable(masters.get(0).get("name"));
        } catch (RedisException | IllegalStateException e) {
            return Optional.empty();
        }
    }
}

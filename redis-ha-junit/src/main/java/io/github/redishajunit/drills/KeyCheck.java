package io.github.redishajunit.drills;

import io.github.redishajunit.RedisNode;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which of a drill's keys a node lacks ({@code EXISTS}, pipelined), and their removal afterwards. */
final class KeyCheck {

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final int BATCH = 500;

    private KeyCheck() {}

    /** The keys each node lacks, by node name, in {@code keys}' order; nodes that lack none are left out. */
    static Map<String, List<String>> missing(List<RedisNode> nodes, List<String> keys) {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        for (RedisNode node : nodes) {
            RedisAsyncCommands<String, String> async = node.connection().async();
            List<RedisFuture<Long>> replies = new ArrayList<>(keys.size());
            keys.forEach(key -> replies.add(async.exists(key)));
            if (!LettuceFutures.awaitAll(BOUND, replies.toArray(RedisFuture[]::new))) {
                throw new IllegalStateException(node.describe() + " did not answer EXISTS for " + keys.size()
                        + " keys within " + BOUND.toSeconds() + " s");
            }
            List<String> lacking = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                if (replies.get(i).toCompletableFuture().join() == 0) {
                    lacking.add(keys.get(i));
                }
            }
            if (!lacking.isEmpty()) {
                missing.put(node.name(), List.copyOf(lacking));
            }
        }
        return missing;
    }

    /** Removes {@code keys} on {@code master} ({@code UNLINK} in batches); the replicas follow. */
    static void remove(RedisNode master, List<String> keys) {
        RedisAsyncCommands<String, String> async = master.connection().async();
        List<RedisFuture<Long>> replies = new ArrayList<>();
        for (int from = 0; from < keys.size(); from += BATCH) {
            replies.add(async.unlink(keys.subList(from, Math.min(keys.size(), from + BATCH)).toArray(String[]::new)));
        }
        LettuceFutures.awaitAll(BOUND, replies.toArray(RedisFuture[]::new));
    }
}

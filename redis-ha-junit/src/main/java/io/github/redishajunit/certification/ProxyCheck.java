package io.github.redishajunit.certification;

import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.assertions.RedisHAErrorMessageFactory;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.Fail;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Where proxies stand in front of the stack (HAProxy before the redis-ha chart's servers), each one takes a client to
 * the master: a connection opened through it now reaches the server whose {@code run_id} is the master's. A proxy
 * that lands on a replica sends its clients' writes to {@code READONLY}; after a failover this is how the proxies are
 * seen to follow the new master.
 */
final class ProxyCheck {

    private ProxyCheck() {}

    /** {@code proxies a -> m, b -> m}, empty without proxies; an AssertionError naming each proxy that misses. */
    static String run(HACluster cluster) {
        if (cluster.proxies().isEmpty()) {
            return "";
        }
        RedisNode master = cluster.master();
        Map<String, RedisNode> byRunId = new LinkedHashMap<>();
        cluster.nodes().forEach(node -> byRunId.put(runId(node.info("server")), node));
        String masterRunId = runId(master.info("server"));
        List<String> observed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        ConnectionSettings settings = cluster.connectionSettings();
        RedisClient client = settings.newClient();
        try {
            for (RedisNode proxy : cluster.proxies()) {
                try (var connection = client.connect(settings.uri(proxy.endpoint()))) {
                    String reached = runId(connection.sync().info("server"));
                    RedisNode behind = byRunId.get(reached);
                    if (reached.equals(masterRunId)) {
                        observed.add(proxy.name() + " -> " + master.name());
                    } else {
                        problems.add(proxy.describe() + " reaches " + (behind == null ? "a server that is no node of"
                                + " the stack (run_id " + reached + ")" : behind.describe() + ", a replica"));
                    }
                } catch (RedisException e) {
                    problems.add(proxy.describe() + " does not take a client to any server: " + e.getMessage());
                }
            }
        } finally {
            ClientShutdown.shutdown(client);
        }
        if (!problems.isEmpty()) {
            Fail.fail(new ShouldReachTheMaster(cluster.location(), cluster.proxies().size(), master.describe(),
                    problems).create());
        }
        return "proxies " + String.join(", ", observed);
    }

    /**
     * {@link #run(HACluster)} again for at most {@code bound} while a proxy misses: after a failover a proxy follows
     * the new master once its health checks have seen it (HAProxy: a second or two).
     */
    static String run(HACluster cluster, Duration bound) {
        AtomicReference<String> observed = new AtomicReference<>();
        try {
            await("the proxies in front of " + cluster.location() + " to reach the master").atMost(bound)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).pollInSameThread()
                    .untilAsserted(() -> observed.set(run(cluster)));
            return observed.get();
        } catch (ConditionTimeoutException stillMissing) {
            return run(cluster); // its failure names the proxies that still miss
        }
    }

    /** {@code run_id} of an {@code INFO server} reply. */
    private static String runId(String server) {
        return server.lines().filter(line -> line.startsWith("run_id:")).map(line -> line.substring(7).trim())
                .findFirst().orElse("?");
    }

    static final class ShouldReachTheMaster extends RedisHAErrorMessageFactory {
        ShouldReachTheMaster(String location, int proxies, String master, List<String> problems) {
            super(location, "to have its " + proxies + " prox" + (proxies == 1 ? "y" : "ies") + " in front take each"
                    + " client to its master " + master, String.join("\nand ", problems));
        }
    }
}

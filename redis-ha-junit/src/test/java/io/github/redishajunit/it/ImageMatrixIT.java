package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.CleanupPolicy;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisHACluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The default manifest certified with each image the local cluster has (scripts/cluster/versions.env): Redis
 * 7.0.15, Redis 8.0.2 and Valkey 8.1.1, the image chosen from the outside as {@code scripts/certify --provision
 * --image IMAGE} chooses it ({@code redis.ha.image}). Each healthy stack certifies (exit 0, every step PASS, 4b WARN
 * for AUTH off, 1b not applicable, 6b as the cluster's node count decides) and every pod's server reports the
 * image's version ({@code INFO server} {@code redis_version} or {@code valkey_version}, as the JSON report keeps
 * it), so an ignored {@code --image} fails the cases other than the manifest's own redis:7.0.15. Each fails step 1
 * once a replica is detached with {@code REPLICAOF NO ONE}, every pod's {@code INFO server} naming the version too.
 * The valkey image runs the manifest's {@code redis-server} and {@code redis-cli} through the links the official
 * image has too.
 */
class ImageMatrixIT {

    @ClusterClient
    private static KubernetesClient client;

    /** What the fixture saw of the server it ran against, for the test to check the image really was the one asked. */
    static final Map<String, String> SERVER_INFO = new ConcurrentHashMap<>();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis:7.0.15        | redis 7.0.15
            redis:8.0.2         | redis 8.0.2
            valkey/valkey:8.1.1 | valkey 8.1.1
            """)
    void certifiesTheDefaultManifest(String image, String version, @TempDir Path reports) throws IOException {
        Path json = reports.resolve("certification.json");

        Fixtures.Run run = Fixtures.certify(reports, "--provision", "--image", image, "--json", json.toString());

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.all())
                .contains("PASS 1. replication", "PASS 2. propagation", "PASS 2b. durability", "PASS 3. boot logs",
                        "PASS 4. NodePort", "PASS 5. replicas reject writes", "PASS 6. persistence")
                .contains("N/A  1b. Sentinel", "WARN 4b. security", "reaches Redis without a password (AUTH is off)")
                .contains("read redis-master-0, redis-slave-0, redis-slave-1: 0 findings, 0 missing markers")
                .contains(placement(), ItCluster.certificationLine(client, 8, 0, 3))
                .doesNotContain("FAIL ");
        try (var files = Files.list(reports)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("TEST-") && name.endsWith(".xml"));
        }
        // the image really ran: each pod's spec names it and its server says so (INFO server, as the report keeps it)
        List<JsonNode> pods = Fixtures.reportedPods(json);
        assertThat(pods).as("stack.pods of %s", json).extracting(pod -> pod.get("name").asString())
                .containsExactlyInAnyOrder("redis-master-0", "redis-slave-0", "redis-slave-1");
        for (JsonNode pod : pods) {
            String name = pod.get("name").asString();
            assertThat(pod.get("image").asString()).as("image of pod %s in %s", name, json).isEqualTo(image);
            assertThat(pod.get("version").asString()).as("server version (INFO server) of pod %s, image %s, in %s",
                    name, image, json).isEqualTo(version);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            redis:7.0.15        | redis_version:7.0.15
            redis:8.0.2         | redis_version:8.0.2
            valkey/valkey:8.1.1 | valkey_version:8.1.1
            """)
    void aDetachedReplicaFailsStep1(String image, String versionField) {
        SERVER_INFO.clear();

        var results = ItCluster.run(DetachedReplica.class, Map.of(RedisHACluster.IMAGE_KEY, image));

        ItCluster.assertAllPassed(results, 1);
        assertThat(SERVER_INFO).as("INFO server of each pod").containsOnlyKeys("redis-master-0", "redis-slave-0",
                "redis-slave-1");
        SERVER_INFO.forEach((pod, info) -> assertThat(info).as("INFO server of pod %s, image %s", pod, image)
                .contains(versionField + "\r\n"));
    }

    /** Step 6b on this cluster: the manifest's anti-affinity spreads its 3 pods over 3 nodes, shares one on 2. */
    private static String placement() {
        int nodes = client.nodes().list().getItems().size();
        return (nodes == 1 ? "N/A " : nodes == 2 ? "WARN" : "PASS") + " 6b. placement";
    }

    /** A stack of the configured image with one replica detached; the certify command must fail step 1. */
    static class DetachedReplica {

        @RedisHACluster(cleanup = CleanupPolicy.ALWAYS)
        static HACluster cluster;

        @TempDir
        static Path reports;

        @Test
        void failsStep1() {
            cluster.nodes().forEach(node -> SERVER_INFO.put(node.name(), node.info("server")));
            cluster.replica(1).connection().sync().replicaofNoOne();

            Fixtures.Run run = Fixtures.certify(reports, "--namespace", cluster.namespace());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
            assertThat(run.all())
                    .contains("FAIL 1. replication")
                    .contains("redis-slave-1")
                    .contains("role:master");
        }
    }
}

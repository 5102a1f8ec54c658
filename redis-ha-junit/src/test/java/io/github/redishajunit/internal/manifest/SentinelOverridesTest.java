package io.github.redishajunit.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.redishajunit.RedisHACluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged manifest with a Sentinel beside each server, alone and under AUTH and TLS, without a cluster. */
class SentinelOverridesTest {

    @Test
    void everyServerGetsASentinelAndAsksTheSentinelsForItsMasterFirst() {
        RedisManifest manifest = SentinelOverrides.withSentinels(ManifestLoader.load(RedisHACluster.DEFAULT_MANIFEST));

        for (StatefulSet sts : List.of(manifest.master(), manifest.replicas())) {
            List<Container> containers = sts.getSpec().getTemplate().getSpec().getContainers();
            assertThat(containers).extracting(Container::getName).containsExactly("redis", "sentinel");
            Container redis = containers.get(0);
            assertThat(redis.getCommand()).startsWith("sh", "-c").endsWith("boot");
            assertThat(redis.getCommand().get(2))
                    .contains("for pod in redis-master-0 redis-slave-0 redis-slave-1; do")
                    .contains("[ \"$pod\" = \"$POD_NAME\" ] && continue")
                    .contains("redis-cli -h \"$pod.redis-headless\" -p 26379 sentinel get-master-addr-by-name"
                            + " mymaster")
                    .contains("exec docker-entrypoint.sh \"$@\" --replicaof no one")
                    .contains("set -- \"$@\" --replicaof \"$named\" 6379");
            assertThat(redis.getArgs()).containsSequence("--replica-announce-ip", "$(POD_NAME).redis-headless");
            Container sentinel = containers.get(1);
            assertThat(sentinel.getImage()).isEqualTo(redis.getImage());
            assertThat(sentinel.getArgs()).containsExactly("redis-server", "/sentinel/sentinel.conf", "--sentinel",
                    "--port", "26379");
            assertThat(sentinel.getCommand().get(2)).contains("named=\"$(ask_sentinels)\"")
                    .contains("master=\"${named:-redis-master-0.redis-headless}\"")
                    .contains("sentinel monitor mymaster $master 6379 2")
                    .contains("sentinel announce-ip $me");
            assertThat(sentinel.getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getName()).isEqualTo("redis-sentinel");
                assertThat(port.getContainerPort()).isEqualTo(26379);
            });
        }
        // the replicas still wait for their master (the one the Sentinels name, else the manifest's)
        assertThat(manifest.replicas().getSpec().getTemplate().getSpec().getContainers().get(0).getCommand().get(2))
                .contains("until master_answers; do sleep 0.5; done");
        assertThat(manifest.items()).filteredOn(item -> item.getMetadata().getName().equals("redis-sentinel"))
                .singleElement().isInstanceOfSatisfying(Service.class, service -> {
                    assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "redis-ha");
                    assertThat(service.getSpec().getPorts().get(0).getPort()).isEqualTo(26379);
                });
    }

    @Test
    void underAuthAndTlsTheSentinelsRequireThePasswordAndSpeakTlsOnly() {
        RedisManifest manifest = TlsOverrides.withTls(ManifestOverrides.withAuth(SentinelOverrides.withSentinels(
                ManifestLoader.load(RedisHACluster.DEFAULT_MANIFEST)), "the-auth"), "the-tls");

        Container sentinel = manifest.master().getSpec().getTemplate().getSpec().getContainers().get(1);
        assertThat(String.join(" ", sentinel.getArgs())).startsWith("redis-server /sentinel/sentinel.conf --sentinel"
                + " --port 0 --requirepass $(REDIS_PASSWORD)").contains("--tls-port 26379", "--tls-replication yes");
        assertThat(sentinel.getEnv()).extracting(env -> env.getName()).contains("REDIS_PASSWORD", "REDISCLI_AUTH");
        assertThat(sentinel.getCommand().get(2)).contains("redis-cli --tls --cacert /tls/ca.crt")
                .contains("sentinel auth-pass mymaster $REDIS_PASSWORD");
        assertThat(String.join(" ", sentinel.getReadinessProbe().getExec().getCommand()))
                .contains("redis-cli --tls --cacert /tls/ca.crt");
    }
}

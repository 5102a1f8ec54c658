package io.github.redishajunit.internal.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.github.redishajunit.RedisHACluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packaged manifest made TLS-only, and the names its certificate covers, without a cluster. */
class TlsOverridesTest {

    private static final String CLI = "redis-cli --tls --cacert /tls/ca.crt --cert /tls/tls.crt --key /tls/tls.key";

    @Test
    void theServersServeTlsOnTheirPortWithPlaintextOffAndEveryCliSpeaksIt() {
        RedisManifest tls = TlsOverrides.withTls(ManifestLoader.load(RedisHACluster.DEFAULT_MANIFEST), "the-secret");

        for (StatefulSet sts : List.of(tls.master(), tls.replicas())) {
            Container redis = sts.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(String.join(" ", redis.getArgs())).startsWith("redis-server --port 0 --dir /data")
                    .endsWith("--tls-port 6379 --tls-cert-file /tls/tls.crt --tls-key-file /tls/tls.key"
                            + " --tls-ca-cert-file /tls/ca.crt --tls-replication yes --tls-auth-clients yes");
            assertThat(redis.getVolumeMounts()).anySatisfy(mount -> {
                assertThat(mount.getMountPath()).isEqualTo("/tls");
                assertThat(mount.getReadOnly()).isTrue();
            });
            assertThat(String.join(" ", redis.getReadinessProbe().getExec().getCommand())).contains(CLI + " -p 6379")
                    .doesNotContain("redis-cli -p");
            assertThat(sts.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(volume ->
                    assertThat(volume.getSecret().getSecretName()).isEqualTo("the-secret"));
        }
        Container replica = tls.replicas().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(String.join(" ", replica.getCommand())).contains("timeout 2 " + CLI + " -h \"$MASTER_HOST\"");
        assertThat(replica.getArgs()).containsSequence("--replicaof", "redis-master", "6379");
    }

    @Test
    void theCertificateNamesEveryServiceAndPodInEveryFormDnsAnswers() {
        RedisManifest manifest = ManifestLoader.load(RedisHACluster.DEFAULT_MANIFEST);

        List<String> names = TlsSecret.names(manifest, "shop", List.of("10.213.0.2"));

        assertThat(names).startsWith("redis-headless", "redis-headless.shop", "redis-headless.shop.svc",
                "redis-headless.shop.svc.cluster.local").contains("redis-master", "redis-master.shop.svc",
                "redis-master-0.redis-headless", "redis-slave-1.redis-headless.shop.svc.cluster.local",
                "*.redis-headless.shop.svc.cluster.local", "redis-master-nodeport.shop")
                .endsWith("localhost", "127.0.0.1", "::1", "10.213.0.2").doesNotHaveDuplicates();
    }
}

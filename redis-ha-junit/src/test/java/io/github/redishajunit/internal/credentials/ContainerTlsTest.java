package io.github.redishajunit.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.redishajunit.localredis.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS found the way the password is, on the layouts charts use: Bitnami's (env, certificates from a Secret volume,
 * client certificates required) and redis-ha's (a TLS port beside the plaintext one, in redis.conf), against fabric8's
 * mock API server. No key appears in a source.
 */
@EnableKubernetesMockClient(crud = true)
class ContainerTlsTest {

    static KubernetesClient client;

    private static final String NS = "shop";

    @Test
    void bitnamisLayoutGivesTheCaAndThePodsOwnCertificateAsTheClientOne(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "cache-node-0.cache-headless.shop.svc.cluster.local");
        secret("cache-crt", "tls.crt", certs.file("server.crt"), "tls.key", certs.file("server.key"), "ca.crt",
                certs.file("ca.crt"));
        Pod pod = pod(new ContainerBuilder().withName("redis").withArgs("-c", "/opt/bitnami/scripts/start-scripts/"
                        + "start-node.sh")
                .addNewEnv().withName("REDIS_TLS_ENABLED").withValue("yes").endEnv()
                .addNewEnv().withName("REDIS_TLS_PORT").withValue("6379").endEnv()
                .addNewEnv().withName("REDIS_TLS_AUTH_CLIENTS").withValue("yes").endEnv()
                .addNewEnv().withName("REDIS_TLS_CERT_FILE").withValue("/opt/bitnami/redis/certs/tls.crt").endEnv()
                .addNewEnv().withName("REDIS_TLS_KEY_FILE").withValue("/opt/bitnami/redis/certs/tls.key").endEnv()
                .addNewEnv().withName("REDIS_TLS_CA_FILE").withValue("/opt/bitnami/redis/certs/ca.crt").endEnv()
                .addNewVolumeMount().withName("redis-certificates").withMountPath("/opt/bitnami/redis/certs")
                .endVolumeMount().build(), "redis-certificates", "cache-crt");

        Optional<ContainerTls.Found> found = find(pod, 6379);

        assertThat(found).get().satisfies(tls -> {
            assertThat(tls.port()).isEqualTo(6379);
            assertThat(tls.plaintextPort()).isZero();
            assertThat(tls.authClients()).isEqualTo("yes");
            assertThat(tls.replication()).isTrue();
            assertThat(tls.settings().presentsClientCertificate()).isTrue();
            // as a start script reads a file: the trailing line end dropped
            assertThat(new String(tls.settings().caPem(), StandardCharsets.US_ASCII))
                    .isEqualTo(Files.readString(certs.file("ca.crt")).stripTrailing());
            assertThat(tls.source()).isEqualTo("CA Secret cache-crt key ca.crt (env REDIS_TLS_CA_FILE, file"
                    + " /opt/bitnami/redis/certs/ca.crt); client certificate Secret cache-crt key tls.crt (env"
                    + " REDIS_TLS_CERT_FILE, file /opt/bitnami/redis/certs/tls.crt) with its key Secret cache-crt key"
                    + " tls.key (env REDIS_TLS_KEY_FILE, file /opt/bitnami/redis/certs/tls.key)");
            assertThat(tls.source() + tls.settings()).doesNotContain(Files.readString(certs.file("server.key"))
                    .lines().skip(1).findFirst().orElseThrow());
        });
    }

    @Test
    void aTlsPortBesideThePlaintextOneInRedisConfWithoutClientCertificates(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "kv-server-0.kv.shop.svc.cluster.local");
        secret("kv-tls", "ca.crt", certs.file("ca.crt"), "redis.crt", certs.file("server.crt"), "redis.key",
                certs.file("server.key"));
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("kv-config")
                .endMetadata().addToData("redis.conf", "port 6379\ntls-port 6380\ntls-ca-cert-file /tls-certs/ca.crt\n"
                        + "tls-cert-file /tls-certs/redis.crt\ntls-key-file /tls-certs/redis.key\n"
                        + "tls-auth-clients no\n").build()).createOr(e -> e.update());
        Pod pod = pod(new ContainerBuilder().withName("redis").withCommand("redis-server").withArgs("/data/conf/redis.conf")
                .addNewVolumeMount().withName("config").withMountPath("/data/conf").endVolumeMount()
                .addNewVolumeMount().withName("tls-certs").withMountPath("/tls-certs").endVolumeMount().build(),
                "tls-certs", "kv-tls");
        pod.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("config")
                .withNewConfigMap().withName("kv-config").endConfigMap().build());

        assertThat(find(pod, 6379)).get().satisfies(tls -> {
            assertThat(tls.port()).isEqualTo(6380);
            assertThat(tls.plaintextPort()).isEqualTo(6379);
            assertThat(tls.authClients()).isEqualTo("no");
            assertThat(tls.replication()).isFalse();
            assertThat(tls.settings().presentsClientCertificate()).isFalse();
            assertThat(tls.source()).isEqualTo("CA Secret kv-tls key ca.crt (tls-ca-cert-file in the configuration,"
                    + " file /tls-certs/ca.crt)");
        });
    }

    @Test
    void withoutATlsPortThereIsNoTls() {
        Pod pod = pod(new ContainerBuilder().withName("redis").withArgs("--port", "6379", "--tls-port", "0").build(),
                null, null);
        assertThat(find(pod, 6379)).isEmpty();
    }

    private static Optional<ContainerTls.Found> find(Pod pod, int port) {
        Container redis = pod.getSpec().getContainers().get(0);
        return ContainerTls.find(new ApiValues(client, NS), pod, redis, port, new ArrayList<>());
    }

    private static Pod pod(Container redis, String volume, String secret) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withName("cache-node-0").endMetadata().withNewSpec()
                .addToContainers(redis).endSpec();
        if (volume != null) {
            pod.editSpec().addNewVolume().withName(volume).withNewSecret().withSecretName(secret).endSecret()
                    .endVolume().endSpec();
        }
        return pod.build();
    }

    private static void secret(String name, Object... keysAndFiles) throws Exception {
        SecretBuilder secret = new SecretBuilder().withNewMetadata().withName(name).endMetadata();
        List<Object> pairs = List.of(keysAndFiles);
        for (int i = 0; i < pairs.size(); i += 2) {
            secret.addToData((String) pairs.get(i),
                    Base64.getEncoder().encodeToString(Files.readAllBytes((Path) pairs.get(i + 1))));
        }
        client.secrets().inNamespace(NS).resource(secret.build()).createOr(e -> e.update());
    }
}

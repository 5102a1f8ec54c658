package io.github.redishajunit.internal.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
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

    @Test
    void aCaThatCannotBeReadFailsAtOnceNamingThePodTheFileAndTheOptions() {
        Pod pod = pod(bitnami().build(), "redis-certificates", "no-such-secret");

        assertThatThrownBy(() -> find(pod, 6379)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster cannot find the CA to trust: container redis in pod cache-node-0 speaks"
                        + " TLS on port 6379 (env REDIS_TLS_PORT) but its CA could not be read through the API: env"
                        + " REDIS_TLS_CA_FILE, file /opt/bitnami/redis/certs/ca.crt names Secret no-such-secret key"
                        + " ca.crt, which does not exist in namespace shop (fix: name the CA with --tls-ca-secret"
                        + " NAME[:KEY] (redis.ha.tlsCaSecret) or --tls-ca-file PATH (redis.ha.tlsCaFile))");
    }

    @Test
    void theOptionsNameTheCaAndTheClientCertificateInPlaceOfWhatThePodMounts(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "cache-node-0.cache-headless.shop.svc.cluster.local");
        secret("app-ca", "ca.pem", certs.file("ca.crt"));
        // a chart's key names: the one other *.crt and *.key beside ca.crt
        secret("app-client", "ca.crt", certs.file("ca.crt"), "server.crt", certs.file("server.crt"), "server.key",
                certs.file("server.key"));
        Pod pod = pod(bitnami().build(), "redis-certificates", "no-such-secret");
        GivenTls given = new GivenTls(Optional.of("app-ca:ca.pem"), Optional.of("app-client"), Optional.empty(),
                Optional.empty(), Optional.empty());

        assertThat(find(pod, 6379, given)).get().satisfies(tls -> {
            assertThat(tls.port()).isEqualTo(6379);
            assertThat(tls.settings().presentsClientCertificate()).isTrue();
            assertThat(new String(tls.settings().caPem(), StandardCharsets.US_ASCII))
                    .isEqualTo(Files.readString(certs.file("ca.crt")));
            assertThat(tls.source()).isEqualTo("CA Secret app-ca key ca.pem; client certificate Secret app-client key"
                    + " server.crt with its key Secret app-client key server.key");
        });
    }

    @Test
    void aCaFileGivenForAPodWhoseSpecNamesNoTlsMeansTlsOnItsPort(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "cache-node-0.cache-headless.shop.svc.cluster.local");
        Pod pod = pod(new ContainerBuilder().withName("redis").withArgs("/etc/redis/redis.conf").build(), null, null);
        GivenTls given = new GivenTls(Optional.empty(), Optional.empty(),
                Optional.of(certs.file("ca.crt").toString()), Optional.empty(), Optional.empty());

        assertThat(find(pod, 6380, given)).get().satisfies(tls -> {
            assertThat(tls.port()).isEqualTo(6380);
            assertThat(tls.settings().presentsClientCertificate()).isFalse();
            assertThat(tls.source()).isEqualTo("TLS on port 6380 as the options say (container redis in pod"
                    + " cache-node-0 names no tls-port); CA file " + certs.file("ca.crt").toAbsolutePath());
        });
    }

    @Test
    void aRequiredClientCertificateThatCannotBeReadFailsNamingTheOptions(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "cache-node-0.cache-headless.shop.svc.cluster.local");
        secret("ca-only", "ca.crt", certs.file("ca.crt"));
        Pod pod = pod(bitnami().build(), "redis-certificates", "ca-only");

        assertThatThrownBy(() -> find(pod, 6379)).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster cannot find a client certificate: container redis in pod cache-node-0"
                        + " speaks TLS on port 6379 (env REDIS_TLS_PORT) and requires one (tls-auth-clients yes),"
                        + " but its own certificate and key could not be read through the API (fix: name one the"
                        + " servers accept with --tls-client-secret NAME (redis.ha.tlsClientSecret: tls.crt and"
                        + " tls.key, else its one other *.crt and *.key) or --tls-client-cert-file PATH with --tls-client-key-file PATH"
                        + " (redis.ha.tlsClientCertFile, redis.ha.tlsClientKeyFile))");
    }

    @Test
    void optionsThatContradictOrAreHalfGivenAreRefused() {
        assertThatThrownBy(() -> new GivenTls(Optional.of("a"), Optional.empty(), Optional.of("/ca.pem"),
                Optional.empty(), Optional.empty())).hasMessage("@RedisHACluster configuration parameters"
                        + " redis.ha.tlsCaSecret and redis.ha.tlsCaFile both name the CA (fix: give one of them)");
        assertThatThrownBy(() -> new GivenTls(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of("/client.pem"), Optional.empty())).hasMessage("@RedisHACluster configuration parameter"
                        + " redis.ha.tlsClientCertFile is set without redis.ha.tlsClientKeyFile (fix: give the client"
                        + " certificate and its key together)");
    }

    @Test
    void aNamedSecretThatIsMissingOrLacksTheKeyIsNamed(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.make(dir, "cache-node-0.cache-headless.shop.svc.cluster.local");
        secret("wrong-keys", "ca.pem", certs.file("ca.crt"));
        Pod pod = pod(bitnami().build(), "redis-certificates", "no-such-secret");

        assertThatThrownBy(() -> find(pod, 6379, new GivenTls(Optional.of("absent"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()))).hasMessage("@RedisHACluster cannot read the TLS"
                        + " material: Secret absent (named by redis.ha.tlsCaSecret = \"absent\") does not exist in"
                        + " namespace shop (fix: create it, or name another)");
        assertThatThrownBy(() -> find(pod, 6379, new GivenTls(Optional.of("wrong-keys"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()))).hasMessage("@RedisHACluster cannot read the"
                        + " TLS material: Secret wrong-keys in namespace shop (named by redis.ha.tlsCaSecret ="
                        + " \"wrong-keys\") has no key ca.crt (its keys: ca.pem; fix: name the key as NAME:KEY where"
                        + " the option takes one, or store it under ca.crt)");
    }

    @Test
    void aSentinelsTlsPortBesideItsPlaintextOneIsFoundInTheConfigItsInitContainerCopies() {
        client.configMaps().inNamespace(NS).resource(new ConfigMapBuilder().withNewMetadata().withName("rt-config")
                .endMetadata().addToData("sentinel.conf", "port 26379\ntls-port 26385\ntls-replication yes\n")
                .build()).createOr(e -> e.update());
        Pod pod = pod(new ContainerBuilder().withName("sentinel").withCommand("redis-sentinel")
                .withArgs("/data/conf/sentinel.conf").addNewVolumeMount().withName("config")
                .withMountPath("/readonly-config").endVolumeMount().build(), null, null);
        pod.getSpec().getVolumes().add(new io.fabric8.kubernetes.api.model.VolumeBuilder().withName("config")
                .withNewConfigMap().withName("rt-config").endConfigMap().build());
        Container sentinel = pod.getSpec().getContainers().get(0);

        assertThat(ContainerTls.separateTlsPort(new ApiValues(client, NS), pod, sentinel, 26379)).isEqualTo(26385);
        assertThat(ContainerTls.separateTlsPort(new ApiValues(client, NS), pod, sentinel, 26385)).isZero();
    }

    /** Bitnami's layout: TLS only, client certificates required, files from a Secret volume. */
    private static ContainerBuilder bitnami() {
        return new ContainerBuilder().withName("redis").withArgs("-c", "/opt/bitnami/scripts/start-scripts/"
                        + "start-node.sh")
                .addNewEnv().withName("REDIS_TLS_ENABLED").withValue("yes").endEnv()
                .addNewEnv().withName("REDIS_TLS_PORT").withValue("6379").endEnv()
                .addNewEnv().withName("REDIS_TLS_CERT_FILE").withValue("/opt/bitnami/redis/certs/tls.crt").endEnv()
                .addNewEnv().withName("REDIS_TLS_KEY_FILE").withValue("/opt/bitnami/redis/certs/tls.key").endEnv()
                .addNewEnv().withName("REDIS_TLS_CA_FILE").withValue("/opt/bitnami/redis/certs/ca.crt").endEnv()
                .addNewVolumeMount().withName("redis-certificates").withMountPath("/opt/bitnami/redis/certs")
                .endVolumeMount();
    }

    private static Optional<ContainerTls.Found> find(Pod pod, int port) {
        return find(pod, port, GivenTls.none());
    }

    private static Optional<ContainerTls.Found> find(Pod pod, int port, GivenTls given) {
        Container redis = pod.getSpec().getContainers().get(0);
        return ContainerTls.find(new ApiValues(client, NS), pod, redis, port, given);
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

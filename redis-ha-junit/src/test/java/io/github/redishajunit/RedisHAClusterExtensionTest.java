package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.redishajunit.internal.cluster.TestClusters;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * The extension's lifecycle and misuse, through fixture classes run with {@link EngineTestKit}: bad settings and
 * wrong fields fail before any cluster is touched, an unreachable API server fails at its one probe, and the error
 * paths that need an API server run against fabric8's mock server.
 */
@EnableKubernetesMockClient(https = false, crud = false)
class RedisHAClusterExtensionTest {

    static KubernetesMockServer server;

    @TempDir
    Path dir;

    // ---- fixtures (static nested classes: surefire does not run them on their own) ----

    @RedisHACluster(replicas = -1)
    static class NegativeReplicas {
        @Test
        void test() {}
    }

    static class WrongStaticFieldType {
        @RedisHACluster
        static String cluster;

        @Test
        void test() {}
    }

    static class FinalField {
        @RedisHACluster
        final HACluster cluster = null;

        @Test
        void test() {}
    }

    static class WrongParameterType {
        @Test
        void test(@RedisHACluster String cluster) {}
    }

    @ExtendWith(RedisHAClusterExtension.class)
    static class InjectionByTypeAlone {
        @Test
        void test(HACluster cluster) {}
    }

    @RedisHACluster
    static class ClassLevel {
        @Test
        void test() {}
    }

    @RedisHACluster(storageClass = "no-such-class")
    static class MissingStorageClass {
        @Test
        void test() {}
    }

    static class AttachToMissingNamespace {
        @Test
        void test(@RedisHACluster(provision = false, namespace = "nowhere") HACluster cluster) {}
    }

    // ---- tests ----

    @Test
    void invalidAttributeFailsTheClassWithTheExactMessage() {
        Throwable failure = onlyFailure(NegativeReplicas.class, Map.of());

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster(replicas = -1) is invalid: replicas must be >= 0 (set it to the number"
                        + " of redis-slave pods to expect)");
    }

    @Test
    void fieldOfTheWrongType() {
        assertThat(onlyFailure(WrongStaticFieldType.class, Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster field WrongStaticFieldType.cluster has type java.lang.String, but only"
                        + " HACluster (or RedisTopology) can be injected (declare it as HACluster)");
    }

    @Test
    void finalField() {
        assertThat(onlyFailure(FinalField.class, Map.of()))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster field FinalField.cluster must not be final (remove final so that the"
                        + " extension can inject the cluster)");
    }

    @Test
    void parameterOfTheWrongType() {
        assertThat(onlyFailure(WrongParameterType.class, Map.of()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("@RedisHACluster parameter cluster of void ")
                .hasMessageEndingWith("WrongParameterType.test(java.lang.String) has type java.lang.String, but only"
                        + " HACluster (or RedisTopology) can be injected (declare it as HACluster)");
    }

    @Test
    void nothingIsInjectedByTypeAlone() {
        assertThat(onlyFailure(InjectionByTypeAlone.class, Map.of()))
                .isInstanceOf(ParameterResolutionException.class)
                .hasMessageStartingWith("No ParameterResolver registered for parameter [io.github.redishajunit.HACluster");
    }

    @Test
    void unreachableApiServerFailsFastNamingTheServerAndTheFix() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Path kubeconfig = TestClusters.kubeconfig(dir.resolve("kubeconfig"), "http://127.0.0.1:" + closedPort);

        Throwable failure = onlyFailure(ClassLevel.class, Map.of(RedisHACluster.KUBECONFIG_KEY, kubeconfig.toString()));

        // the probe's own failure, naming the cause: not a wait for a cluster that was never there
        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("@RedisHACluster cannot reach the Kubernetes API server http://127.0.0.1:"
                        + closedPort + "/ (kubeconfig " + kubeconfig + " (from redis.ha.kubeconfig)): Connection"
                        + " refused")
                .hasMessageEndingWith(". Fix: start that cluster, or point redis.ha.kubeconfig / KUBECONFIG at a"
                        + " reachable one (kubectl get --raw /version shows the same problem).")
                .cause().isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void anApiServerThatFailsTheProbeIsAskedOnceNotRetried() throws IOException {
        // fabric8 retries a 5xx answer (or an I/O error) 10 times, backing off from 100 ms: about 100 s in all;
        // the probe asks once
        AtomicInteger asked = new AtomicInteger();
        HttpServer unavailable = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        unavailable.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        unavailable.start();
        try {
            String url = "http://127.0.0.1:" + unavailable.getAddress().getPort();
            Path kubeconfig = TestClusters.kubeconfig(dir.resolve("kubeconfig"), url);

            Throwable failure = onlyFailure(ClassLevel.class,
                    Map.of(RedisHACluster.KUBECONFIG_KEY, kubeconfig.toString()));

            assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                    .hasMessageStartingWith("@RedisHACluster cannot reach the Kubernetes API server " + url + "/"
                            + " (kubeconfig " + kubeconfig + " (from redis.ha.kubeconfig)): ")
                    .hasMessageContaining("GET at: " + url + "/version. Message: Service Unavailable.");
            assertThat(asked).as("requests to the API server").hasValue(1);
        } finally {
            unavailable.stop(0);
        }
    }

    @BeforeEach
    void apiServer() throws InterruptedException {
        requestsMade(); // the server is shared: forget what earlier tests asked
        server.expect().get().withPath("/version")
                .andReturn(200, "{\"major\":\"1\",\"minor\":\"31\",\"gitVersion\":\"v1.31.0\"}")
                .always();
        server.expect().get().withPath("/apis/storage.k8s.io/v1/storageclasses")
                .andReturn(200, """
                        {"apiVersion":"storage.k8s.io/v1","kind":"StorageClassList","items":[
                          {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"rancher.io/local-path",
                           "metadata":{"name":"local-path","annotations":{
                             "storageclass.kubernetes.io/is-default-class":"true"}}},
                          {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"x",
                           "metadata":{"name":"standard"}}]}
                        """)
                .always();
    }

    @Test
    void forbiddenNamespaceCreation() throws IOException {
        server.expect().post().withPath("/api/v1/namespaces")
                .andReturn(403, """
                        {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                         "message":"namespaces is forbidden: User \\"ci\\" cannot create resource \\"namespaces\\" in API group \\"\\" at the cluster scope"}
                        """)
                .once();

        Throwable failure = onlyFailure(ClassLevel.class, Map.of(RedisHACluster.KUBECONFIG_KEY,
                mockKubeconfig().toString()));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageMatching("@RedisHACluster cannot create namespace rha-classlevel-[a-z0-9]{5} on"
                        + " http://localhost:\\d+/: forbidden \\(namespaces is forbidden: User \"ci\" cannot create"
                        + " resource \"namespaces\" in API group \"\" at the cluster scope\\)\\. Fix: grant this user"
                        + " 'create' on namespaces, or set @RedisHACluster\\(namespace = \"\\.\\.\\.\"\\) to a"
                        + " namespace it may deploy into\\.");
    }

    @Test
    void missingStorageClassFailsBeforeAnythingIsCreated() throws Exception {
        Throwable failure = onlyFailure(MissingStorageClass.class, Map.of(RedisHACluster.KUBECONFIG_KEY,
                mockKubeconfig().toString()));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster: StorageClass no-such-class does not exist on " + server.url("/")
                        + " (available: local-path (default), standard). Fix: set @RedisHACluster(storageClass ="
                        + " \"...\") or redis.ha.storageClass to one of them.");
        assertThat(requestsMade()).noneMatch(r -> r.startsWith("POST"));
    }

    @Test
    void attachModeNeedsAnExistingNamespace() throws Exception {
        server.expect().get().withPath("/api/v1/namespaces/nowhere").andReturn(404, "").always();

        Throwable failure = onlyFailure(AttachToMissingNamespace.class, Map.of(RedisHACluster.KUBECONFIG_KEY,
                mockKubeconfig().toString()));

        assertThat(failure).isInstanceOf(ParameterResolutionException.class);
        assertThat(failure.getCause()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster(namespace = \"nowhere\", provision = false) is invalid: namespace nowhere"
                        + " does not exist on " + server.url("/") + " (deploy the stack there first, e.g. kubectl"
                        + " create namespace nowhere && kubectl apply -f manifests/redis-ha-cluster.yaml -n nowhere,"
                        + " or set provision = true)");
        assertThat(requestsMade()).noneMatch(r -> r.startsWith("POST") || r.startsWith("DELETE")
                || r.startsWith("PATCH"));
    }

    @Test
    void aContextTheKubeconfigDoesNotHaveFailsBeforeAnyRequestNamingTheContextsItHas() throws Exception {
        Path kubeconfig = mockKubeconfig();

        Throwable failure = onlyFailure(ClassLevel.class, Map.of(RedisHACluster.KUBECONFIG_KEY, kubeconfig.toString(),
                RedisHACluster.CONTEXT_KEY, "nosuch"));

        assertThat(failure).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@RedisHACluster configuration parameter redis.ha.context = \"nosuch\" is invalid:"
                        + " kubeconfig " + kubeconfig + " has no context nosuch (its contexts: test) (fix: set it to"
                        + " one of them, or unset it to use the current context test)");
        assertThat(requestsMade()).isEmpty();
    }

    @Test
    void aNamedContextIsTheOneUsedNotTheCurrentOne() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // current context "test" points at a closed port; context "mock" at the mock server
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: test
                    cluster:
                      server: http://127.0.0.1:%d
                  - name: mock
                    cluster:
                      server: %s
                contexts:
                  - name: test
                    context:
                      cluster: test
                      user: test
                  - name: mock
                    context:
                      cluster: mock
                      user: test
                current-context: test
                users:
                  - name: test
                    user:
                      token: not-a-secret
                """.formatted(closedPort, server.url("/").replaceFirst("/$", "")));

        Throwable failure = onlyFailure(MissingStorageClass.class, Map.of(RedisHACluster.KUBECONFIG_KEY,
                kubeconfig.toString(), RedisHACluster.CONTEXT_KEY, "mock"));

        assertThat(failure).hasMessageStartingWith("@RedisHACluster: StorageClass no-such-class does not exist on "
                + server.url("/"));
    }

    // ---- helpers ----

    private static List<String> requestsMade() throws InterruptedException {
        List<String> requests = new java.util.ArrayList<>();
        while (true) {
            var request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (request == null) {
                break;
            }
            requests.add(request.getMethod() + " " + request.getPath());
        }
        return requests;
    }


    /** Runs a fixture class and returns its one failure (of the class or of its test). */
    private static Throwable onlyFailure(Class<?> fixture, Map<String, String> parameters) {
        List<Event> failures = EngineTestKit.engine("junit-jupiter")
                .configurationParameters(parameters)
                .selectors(selectClass(fixture))
                .execute()
                .allEvents()
                .failed()
                .list();
        assertThat(failures).as("failures of %s", fixture.getSimpleName()).hasSize(1);
        return failures.get(0).getPayload(TestExecutionResult.class).orElseThrow().getThrowable().orElseThrow();
    }

    private Path mockKubeconfig() throws IOException {
        return TestClusters.kubeconfig(dir.resolve("kubeconfig"), server.url("/").replaceFirst("/$", ""));
    }
}

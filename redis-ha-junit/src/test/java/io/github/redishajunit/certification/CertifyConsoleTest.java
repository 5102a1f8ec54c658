package io.github.redishajunit.certification;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.github.redishajunit.ProcessRun;
import io.github.redishajunit.internal.cluster.TestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the certify command prints on a console, in a JVM of its own (slf4j reads its settings once): the library's
 * progress lines and messages, and no other logger's warning, error or stack trace. Here against fabric8's mock server
 * with an account that may not list pods, which printed fabric8's ERROR and a 60-line trace before the library's own
 * message.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class CertifyConsoleTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void aRefusedListIsReportedInTheLibrarysWordsAloneWithoutAStackTrace() throws Exception {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("redis").endMetadata().build())
                .createOr(existing -> existing.update());
        for (String query : List.of("?resourceVersion=0", "?limit=1", "")) {
            server.expect().get().withPath("/api/v1/namespaces/redis/pods" + query).andReturn(403, """
                    {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                     "message":"pods is forbidden: User \\"ci\\" cannot list resource \\"pods\\" in API group \\"\\" in the namespace \\"redis\\""}
                    """).always();
        }

        ProcessRun certify = ProcessRun.run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                CertifyCommand.class.getName(), "--namespace", "redis", "--kubeconfig",
                TestClusters.kubeconfig(dir.resolve("kubeconfig"), server.url("/").replaceFirst("/$", "")).toString(),
                "--reports", dir.resolve("reports").toString()), Duration.ofMinutes(2));
        String out = certify.out();
        String err = certify.err();

        assertThat(certify.exitCode()).as(out + err).isEqualTo(2);
        assertThat(out).startsWith("Certifying the Redis HA stack in namespace redis\n")
                .contains("FAIL Redis HA certification (no step could run)");
        assertThat(err).contains("INFO io.github.redishajunit - [redis] target kubeconfig ")
                .endsWith("certify: the Kubernetes API refused a request the certification needs: pods is forbidden:"
                        + " User \"ci\" cannot list resource \"pods\" in API group \"\" in the namespace \"redis\""
                        + " (fix: grant that verb on that resource to the account certifying;"
                        + " manifests/certify/rbac.yaml lists what the certification needs)\n");
        assertThat((out + err).lines())
                .noneMatch(line -> line.matches("\\[[^]]*] (WARN|ERROR) (?!io\\.github\\.redishajunit).*"))
                .noneMatch(line -> line.startsWith("\tat ") || line.startsWith("Caused by: "));
    }
}

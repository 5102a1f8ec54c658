package io.github.redishajunit.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/certify --namespace NS --in-cluster}: the certification as a Job from the certify image (which
 * scripts/test builds and loads with scripts/certify-image), as the least-privilege ServiceAccount of
 * manifests/certify, reaching the pods at their own addresses. It gives the workstation run's verdicts on the article's
 * stack with AUTH and on the Bitnami-like replication and Sentinel stacks (their passwords only in mounted Secret
 * files), copies its reports back, leaves no Job or RBAC object behind,
 * and a Role held back from {@code pods/log} ends with exit 2 naming what is missing.
 */
class InClusterIT {

    @ClusterClient
    private static KubernetesClient client;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path reports;

    @Test
    void theArticleStackWithAuthGetsTheWorkstationVerdictsFromInsideTheCluster() throws Exception {
        sameVerdicts("article-auth.yaml", "rha-incluster-auth", "fixture-article-pw");
    }

    @Test
    void theBitnamiSentinelStackGetsTheWorkstationVerdictsFromInsideTheCluster() throws Exception {
        sameVerdicts("bitnami-sentinel.yaml", "rha-incluster-sentinel", "fixture-sentinel-pw");
    }

    @Test
    void theBitnamiReplicationStackGetsTheWorkstationVerdictsFromInsideTheCluster() throws Exception {
        sameVerdicts("bitnami-replication.yaml", "rha-incluster-bitnami", "fixture-bitnami-pw");
    }

    @Test
    void aRoleHeldBackFromPodLogsEndsWithExitTwoNamingTheMissingPermission() throws Exception {
        String ns = Fixtures.deploy(client, "article-auth.yaml", "rha-incluster-held");
        try {
            List<HasMetadata> rbac;
            try (InputStream in = getClass().getResourceAsStream("/io/github/redishajunit/manifests/certify/rbac.yaml")) {
                rbac = new ArrayList<>(client.load(in).items());
            }
            for (HasMetadata item : rbac) {
                HasMetadata object = item instanceof Role role ? new RoleBuilder(role).withRules(role.getRules().stream()
                        .filter(rule -> !rule.getResources().contains("pods/log")).toList()).build() : item;
                client.resource(object).inNamespace(ns).create();
            }
            assertThat(client.rbac().roles().inNamespace(ns).withName("redis-ha-certify").get().getRules())
                    .flatExtracting(PolicyRule::getResources).doesNotContain("pods/log");

            Fixtures.Run run = Fixtures.certify(reports, "--namespace", ns, "--in-cluster", "--service-account",
                    "redis-ha-certify");
            System.out.println(run.all());

            assertThat(run.exitCode()).as(run.all()).isEqualTo(2);
            assertThat(run.all()).contains("cannot get resource \"pods/log\"")
                    .contains("system:serviceaccount:" + ns + ":redis-ha-certify")
                    .contains("manifests/certify/rbac.yaml");
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    private void sameVerdicts(String fixture, String prefix, String password) throws Exception {
        String ns = Fixtures.deploy(client, fixture, prefix);
        try {
            Path here = reports.resolve("workstation");
            Fixtures.Run workstation = Fixtures.certify(here, "--namespace", ns, "--json", here.resolve("r.json")
                    .toString());
            Path there = reports.resolve("in-cluster");
            Fixtures.Run inCluster = Fixtures.certify(there, "--namespace", ns, "--in-cluster", "--json",
                    there.resolve("r.json").toString(), "--html", there.resolve("r.html").toString());
            System.out.println(inCluster.all());

            assertThat(workstation.exitCode()).as(workstation.all()).isZero();
            assertThat(inCluster.exitCode()).as(inCluster.all()).isZero();
            assertThat(inCluster.output()).contains("certify --in-cluster: Job redis-ha-certify-")
                    .contains("in-cluster service account")
                    .containsPattern("(?m)^certification: \\d+ passed, 0 failed");
            assertThat(verdicts(there.resolve("r.json"))).isEqualTo(verdicts(here.resolve("r.json")));
            assertThat(there.resolve("r.html")).isNotEmptyFile();
            assertThat(there).isDirectoryContaining("glob:**/TEST-junit-jupiter.xml")
                    .isDirectoryContaining("glob:**/open-test-report.xml");
            assertThat(client.batch().v1().jobs().inNamespace(ns).list().getItems()).as("Jobs left").isEmpty();
            assertThat(client.pods().inNamespace(ns).withLabel("job-name").list().getItems()).as("Job pods left")
                    .isEmpty();
            assertThat(client.serviceAccounts().inNamespace(ns).list().getItems())
                    .noneMatch(sa -> sa.getMetadata().getName().startsWith("redis-ha-certify"));
            assertThat(client.rbac().roles().inNamespace(ns).list().getItems()).as("Roles left").isEmpty();
            assertThat(inCluster.all() + Fixtures.allFiles(reports)).doesNotContain(password);
        } finally {
            ItCluster.delete(client, ns);
        }
    }

    /** Each step's id and status, e.g. {@code 1 PASS}, {@code 1b N/A}. */
    private static List<String> verdicts(Path json) throws Exception {
        JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
        List<String> verdicts = new ArrayList<>();
        report.get("steps").forEach(step -> verdicts.add(step.get("id").asString() + " " + step.get("status")
                .asString()));
        return verdicts;
    }
}

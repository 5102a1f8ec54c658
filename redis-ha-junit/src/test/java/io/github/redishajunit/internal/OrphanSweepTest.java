package io.github.redishajunit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.github.redishajunit.internal.manifest.RunLabels;
import io.github.redishajunit.internal.settings.SettingParsers;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which namespaces a sweep deletes: only this library's, only once their TTL has passed. */
@EnableKubernetesMockClient(crud = true)
class OrphanSweepTest {

    static KubernetesClient client;

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Map<String, String> OURS = Map.of(RunLabels.MANAGED_BY, RunLabels.MANAGER,
            RunLabels.RUN_ID, "20260101-100000-abcd");

    private static Namespace namespace(String name, Map<String, String> labels, String createdAt, String ttl) {
        var builder = new NamespaceBuilder().withNewMetadata().withName(name).addToLabels(labels)
                .addToAnnotations(RunLabels.TEST_CLASS, "com.example.SomeIT");
        if (createdAt != null) {
            builder.addToAnnotations(RunLabels.CREATED_AT, createdAt);
        }
        if (ttl != null) {
            builder.addToAnnotations(RunLabels.TTL, ttl);
        }
        return builder.endMetadata().build();
    }

    @Test
    void oursAndExpiredIsDeletedSayingWhy() {
        var verdict = OrphanSweep.verdict(namespace("rha-a", OURS, "2026-01-01T09:00:00Z", "2h"), NOW);

        assertThat(verdict.delete()).isTrue();
        assertThat(verdict).hasToString("deleted rha-a (created 2026-01-01T09:00:00Z by com.example.SomeIT, run"
                + " 20260101-100000-abcd, ttl 2h: expired 60 min 0 s ago)");
    }

    @Test
    void oursButNotExpiredIsKept() {
        var verdict = OrphanSweep.verdict(namespace("rha-a", OURS, "2026-01-01T11:59:30Z", "90s"), NOW);

        assertThat(verdict.delete()).isFalse();
        assertThat(verdict.why()).endsWith("ttl 90s: expires in 1 min 0 s");
    }

    @Test
    void withoutTheLibrarysLabelNothingIsDeletedHoweverOld() {
        assertThat(OrphanSweep.verdict(namespace("redis", Map.of(), "2020-01-01T00:00:00Z", "1s"), NOW).delete())
                .isFalse();
        assertThat(OrphanSweep.verdict(namespace("other", Map.of(RunLabels.MANAGED_BY, "helm"),
                "2020-01-01T00:00:00Z", "1s"), NOW).delete()).isFalse();
    }

    @Test
    void unreadableOrMissingAnnotationsKeepIt() {
        assertThat(OrphanSweep.verdict(namespace("rha-a", OURS, null, "2h"), NOW).delete()).isFalse();
        assertThat(OrphanSweep.verdict(namespace("rha-a", OURS, "yesterday", "2h"), NOW).delete()).isFalse();
        assertThat(OrphanSweep.verdict(namespace("rha-a", OURS, "2020-01-01T00:00:00Z", "forever"), NOW).delete())
                .isFalse();
    }

    @Test
    void aTerminatingNamespaceIsLeftToFinish() {
        Namespace terminating = namespace("rha-a", OURS, "2020-01-01T00:00:00Z", "1s");
        terminating.getMetadata().setDeletionTimestamp("2026-01-01T11:00:00Z");

        assertThat(OrphanSweep.verdict(terminating, NOW).why()).isEqualTo("already terminating");
    }

    @Test
    void sweepDeletesOnlyTheExpiredNamespacesOfThisLibrary() {
        client.namespaces().resource(namespace("rha-old", OURS, "2026-01-01T09:00:00Z", "2h")).create();
        client.namespaces().resource(namespace("rha-young", OURS, "2026-01-01T11:00:00Z", "2h")).create();
        client.namespaces().resource(namespace("redis", Map.of(), "2026-01-01T09:00:00Z", "1s")).create();

        var verdicts = OrphanSweep.sweep(client, NOW);

        assertThat(verdicts).extracting(OrphanSweep.Verdict::namespace).containsExactlyInAnyOrder("rha-old",
                "rha-young");
        assertThat(client.namespaces().withName("rha-old").get()).isNull();
        assertThat(client.namespaces().withName("rha-young").get()).isNotNull();
        assertThat(client.namespaces().withName("redis").get()).isNotNull();
    }

    @Test
    void theTtlAnnotationReadsBackAsWritten() {
        assertThat(RunLabels.ttl(java.time.Duration.ofHours(2))).isEqualTo("2h");
        assertThat(RunLabels.ttl(java.time.Duration.ofMinutes(30))).isEqualTo("30m");
        assertThat(RunLabels.ttl(java.time.Duration.ofSeconds(20))).isEqualTo("20s");
        assertThat(SettingParsers.parseDuration(RunLabels.ttl(java.time.Duration.ofSeconds(90)))).hasValue(
                java.time.Duration.ofSeconds(90));
    }
}

package io.github.redishajunit.internal.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.github.redishajunit.internal.manifest.RedisManifest;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodProblemsTest {

    private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

    private static Pod waiting(String pod, String container, boolean init, String reason, String message) {
        var status = new ContainerStatusBuilder()
                .withName(container)
                .withImage("redis:0.0.0-does-not-exist")
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
        var builder = new PodBuilder().withNewMetadata().withName(pod).endMetadata().withNewStatus()
                .withPhase("Pending");
        return (init ? builder.withInitContainerStatuses(status) : builder.withContainerStatuses(status))
                .endStatus()
                .build();
    }

    private static Pod unschedulable(String pod, Instant since) {
        return new PodBuilder().withNewMetadata().withName(pod).endMetadata()
                .withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                .withLastTransitionTime(since.toString()).endCondition()
                .endStatus().build();
    }

    @Test
    void imagePullFailuresOfInitContainersAreFatal() {
        var problem = PodProblems.find(List.of(waiting("redis-master-0", "volume-permissions", true,
                "ErrImagePull", "manifest unknown")), List.of(), NOW);

        assertThat(problem).map(PodProblems.Problem::describe).contains("pod redis-master-0 is ErrImagePull:"
                + " container volume-permissions (image redis:0.0.0-does-not-exist): manifest unknown");
    }

    @Test
    void backOffsAreFatal() {
        assertThat(PodProblems.find(List.of(waiting("redis-slave-1", "redis", false, "CrashLoopBackOff", null)),
                List.of(), NOW)).map(PodProblems.Problem::reason).contains("CrashLoopBackOff");
        assertThat(PodProblems.find(List.of(waiting("redis-slave-1", "redis", false, "ImagePullBackOff", "")),
                List.of(), NOW)).map(PodProblems.Problem::reason).contains("ImagePullBackOff");
    }

    @Test
    void startingContainersAreNot() {
        assertThat(PodProblems.find(List.of(waiting("redis-slave-1", "redis", false, "ContainerCreating", null),
                waiting("redis-slave-0", "redis", true, "PodInitializing", null)), List.of(), NOW)).isEmpty();
    }

    @Test
    void unschedulableIsFatalAfterAGracePeriod() {
        assertThat(PodProblems.find(List.of(unschedulable("redis-slave-0", NOW.minusSeconds(5))), List.of(), NOW))
                .isEmpty();
        assertThat(PodProblems.find(List.of(unschedulable("redis-slave-0", NOW.minusSeconds(60))), List.of(), NOW))
                .map(PodProblems.Problem::describe)
                .contains("pod redis-slave-0 is Unschedulable: 0/1 nodes are available: 1 Insufficient cpu.");
    }

    @Test
    void aClaimWhoseStorageClassDoesNotExistIsFatal() {
        Event event = new EventBuilder()
                .withNewInvolvedObject().withKind("PersistentVolumeClaim").withName("redis-data-redis-master-0")
                .endInvolvedObject()
                .withReason("ProvisioningFailed")
                .withMessage("storageclass.storage.k8s.io \"no-such-class\" not found")
                .build();

        assertThat(PodProblems.find(List.of(), List.of(event), NOW)).map(PodProblems.Problem::describe)
                .contains("PersistentVolumeClaim redis-data-redis-master-0 is Pending (its StorageClass does not"
                        + " exist): storageclass.storage.k8s.io \"no-such-class\" not found");
    }

    @Test
    void aReadinessProbeFailingThreeMoreTimesWhileWaitingIsFatalOnceThePodIsNoLongerStarting() {
        Pod replica = running("redis-slave-1", NOW.minusSeconds(120));
        Map<String, Integer> baseline = new HashMap<>();

        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 5)), baseline,
                NOW)).as("the failures from before the wait").isEmpty();
        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 7)), baseline,
                NOW)).as("two more").isEmpty();
        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 8)), baseline,
                NOW)).map(PodProblems.Problem::describe)
                .contains("pod redis-slave-1 is running but not Ready: Readiness probe failed: Could not connect to"
                        + " Redis at 127.0.0.1:6379: Connection refused (8 times, 3 of them while waiting)");
    }

    @Test
    void aReadinessProbeFailingWhileThePodStartsIsNot() {
        // a replica of the default manifest waits for its master in its redis container: its probe fails meanwhile
        Pod replica = running("redis-slave-1", NOW.minusSeconds(10));
        Map<String, Integer> baseline = new HashMap<>();

        PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 1)), baseline, NOW);

        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 9)), baseline,
                NOW)).isEmpty();
        Instant later = NOW.plus(PodProblems.STARTING_GRACE);
        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 9)), baseline,
                later)).as("counted from the end of its start").isEmpty();
        assertThat(PodProblems.failingReadiness(List.of(replica), List.of(probeFailed("redis-slave-1", 12)), baseline,
                later)).map(PodProblems.Problem::reason).contains("running but not Ready");
    }

    private static Pod running(String pod, Instant startedAt) {
        return new PodBuilder().withNewMetadata().withName(pod).endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("False").endCondition()
                .addNewContainerStatus().withName("redis").withReady(false)
                .withNewState().withNewRunning().withStartedAt(startedAt.toString()).endRunning().endState()
                .endContainerStatus()
                .endStatus().build();
    }

    private static Event probeFailed(String pod, int count) {
        return new EventBuilder()
                .withNewInvolvedObject().withKind("Pod").withName(pod).endInvolvedObject()
                .withReason("Unhealthy")
                .withMessage("Readiness probe failed: Could not connect to Redis at 127.0.0.1:6379:"
                        + " Connection refused\n")
                .withCount(count)
                .build();
    }

    @Test
    void podTableNamesRoleAndReason() {
        Pod pod = new PodBuilder(waiting("redis-master-0", "redis", false, "ErrImagePull", "x"))
                .editMetadata().addToLabels(RedisManifest.COMPONENT_LABEL, "master").endMetadata()
                .editSpec().endSpec()
                .build();
        pod.setSpec(new io.fabric8.kubernetes.api.model.PodSpecBuilder().addNewContainer().withName("redis")
                .endContainer().build());

        assertThat(Diagnostics.podTable("rha-x", List.of(pod))).isEqualTo("""
                Pods in namespace rha-x:
                  POD             ROLE    PHASE    READY  RESTARTS  REASON
                  redis-master-0  master  Pending  0/1    0         ErrImagePull (redis)
                """);
    }
}

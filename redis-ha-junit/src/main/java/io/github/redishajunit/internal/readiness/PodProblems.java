package io.github.redishajunit.internal.readiness;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The states a stack does not recover from by waiting: image pulls that fail, containers that crash-loop, pods no
 * node will take, volume claims whose StorageClass does not exist. Readiness checks them on every poll so that such
 * a stack fails in seconds, naming the pod and the reason, instead of after the whole startup timeout.
 */
final class PodProblems {

    /** Waiting reasons that never resolve on their own. */
    static final Set<String> FATAL_WAITING_REASONS = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull", "CrashLoopBackOff", "CreateContainerConfigError", "CreateContainerError");
    /** The scheduler may say Unschedulable for a moment while volumes are provisioned; longer than this is real. */
    static final Duration UNSCHEDULABLE_GRACE = Duration.ofSeconds(15);

    /** How often a readiness probe must fail the same way before waiting counts as hopeless (attach mode). */
    static final int PROBE_FAILURES = 3;
    /**
     * How long after its containers started a pod's failing readiness probe means it is still starting (attach
     * mode): a replica waiting for its master, a server loading its data.
     */
    static final Duration STARTING_GRACE = Duration.ofSeconds(30);

    private PodProblems() {}

    /** One fatal problem: which object, why, and what Kubernetes said. */
    public record Problem(String object, String reason, String detail) {
        public String describe() {
            return object + " is " + reason + (detail == null || detail.isBlank() ? "" : ": " + detail);
        }
    }

    /** The first fatal problem among these pods and the namespace's events, if any. */
    public static Optional<Problem> find(List<Pod> pods, List<Event> events, Instant now) {
        for (Pod pod : pods) {
            String name = "pod " + pod.getMetadata().getName();
            if (pod.getStatus() == null) {
                continue;
            }
            List<ContainerStatus> statuses = new ArrayList<>();
            Stream.of(pod.getStatus().getInitContainerStatuses(), pod.getStatus().getContainerStatuses())
                    .filter(l -> l != null)
                    .forEach(statuses::addAll);
            for (ContainerStatus status : statuses) {
                if (status.getState() != null && status.getState().getWaiting() != null) {
                    String reason = status.getState().getWaiting().getReason();
                    if (reason != null && FATAL_WAITING_REASONS.contains(reason)) {
                        return Optional.of(new Problem(name, reason, "container " + status.getName() + " (image "
                                + status.getImage() + ")" + suffix(status.getState().getWaiting().getMessage())));
                    }
                }
            }
            if (pod.getStatus().getConditions() != null) {
                for (PodCondition c : pod.getStatus().getConditions()) {
                    if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                            && "Unschedulable".equals(c.getReason())
                            && olderThan(c.getLastTransitionTime(), UNSCHEDULABLE_GRACE, now)) {
                        return Optional.of(new Problem(name, "Unschedulable", c.getMessage()));
                    }
                }
            }
        }
        for (Event event : events) {
            var involved = event.getInvolvedObject();
            if (involved != null && "PersistentVolumeClaim".equals(involved.getKind())
                    && "ProvisioningFailed".equals(event.getReason()) && event.getMessage() != null
                    && event.getMessage().contains("storageclass") && event.getMessage().contains("not found")) {
                return Optional.of(new Problem("PersistentVolumeClaim " + involved.getName(),
                        "Pending (its StorageClass does not exist)", event.getMessage()));
            }
        }
        return Optional.empty();
    }

    /**
     * A pod that runs but stays unready because its readiness probe keeps failing the same way: {@value
     * #PROBE_FAILURES} more failures since {@code baseline} first saw the event (failures from before, e.g. while a
     * replica synced at start-up, don't count). In attach mode the stack is supposed to be up already, and waiting
     * does not change the probe's answer, unless the pod is still starting: a pod whose last container started
     * less than {@link #STARTING_GRACE} ago is not judged yet. The message quotes the probe's output from the events.
     *
     * @param baseline the failure count of each (pod, message) when first seen; updated here
     */
    static Optional<Problem> failingReadiness(List<Pod> pods, List<Event> events, Map<String, Integer> baseline,
            Instant now) {
        for (Pod pod : pods) {
            if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase()) || ready(pod)
                    || startedWithin(pod, now)) {
                continue;
            }
            String name = pod.getMetadata().getName();
            Map<String, Integer> failures = new LinkedHashMap<>();
            for (Event event : events) {
                var involved = event.getInvolvedObject();
                if (involved != null && "Pod".equals(involved.getKind()) && name.equals(involved.getName())
                        && "Unhealthy".equals(event.getReason()) && event.getMessage() != null
                        && event.getMessage().startsWith("Readiness probe failed")) {
                    int count = Math.max(event.getCount() == null ? 1 : event.getCount(),
                            event.getSeries() == null || event.getSeries().getCount() == null ? 1
                                    : event.getSeries().getCount());
                    failures.merge(event.getMessage().strip(), count, Integer::sum);
                }
            }
            for (Map.Entry<String, Integer> failure : failures.entrySet()) {
                int first = baseline.computeIfAbsent(name + "\n" + failure.getKey(), key -> failure.getValue());
                if (failure.getValue() - first >= PROBE_FAILURES) {
                    return Optional.of(new Problem("pod " + name, "running but not Ready",
                            failure.getKey() + " (" + failure.getValue() + " times, " + (failure.getValue() - first)
                                    + " of them while waiting)"));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether a container of the pod started (or restarted) less than {@link #STARTING_GRACE} before {@code now}. */
    private static boolean startedWithin(Pod pod, Instant now) {
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        return statuses != null && statuses.stream()
                .filter(s -> s.getState() != null && s.getState().getRunning() != null)
                .map(s -> s.getState().getRunning().getStartedAt())
                .anyMatch(startedAt -> !olderThan(startedAt, STARTING_GRACE, now));
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static String suffix(String message) {
        return message == null || message.isBlank() ? "" : ": " + message;
    }

    private static boolean olderThan(String timestamp, Duration grace, Instant now) {
        if (timestamp == null) {
            return true;
        }
        try {
            return Instant.parse(timestamp).plus(grace).isBefore(now);
        } catch (DateTimeParseException e) {
            return true;
        }
    }
}

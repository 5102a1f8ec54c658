package io.github.redishajunit.internal.readiness;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.internal.manifest.RedisManifest;
import io.github.redishajunit.internal.topology.KubernetesHACluster;
import io.github.redishajunit.internal.topology.PodNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.apiguardian.api.API;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the evidence of a failed stack: a pod table (pod, role, phase, ready, restarts, reason), the recent
 * events of the namespace, the log tail of every container, and {@code INFO replication} of each running node. It
 * never throws: what cannot be collected is said in the text.
 */
@API(status = API.Status.INTERNAL)
public final class Diagnostics {

    private static final Logger LOG = LoggerFactory.getLogger(Diagnostics.class);
    static final int LOG_TAIL_LINES = 25;
    static final int EVENTS = 25;

    private Diagnostics() {}

    /** Collects the evidence and writes it under {@code reportsDir/<test class>/}. */
    public static Evidence collect(KubernetesHACluster cluster, String what, Path reportsDir, String testClass) {
        return collect(cluster.client(), cluster.namespace(), cluster.podNodes(), what, reportsDir, testClass);
    }

    /** The same for a stack whose handle was never made: pods and events, and the logs of {@code nodes}. */
    public static Evidence collect(KubernetesClient client, String ns, List<PodNode> nodes, String what,
            Path reportsDir, String testClass) {
        String text = collectText(client, ns, nodes);
        Optional<Path> file = write(reportsDir, testClass, ns, what, text);
        return new Evidence(text, file);
    }

    static String collectText(KubernetesClient client, String ns, List<PodNode> nodes) {
        StringBuilder out = new StringBuilder();
        List<Pod> pods = List.of();
        try {
            pods = client.pods().inNamespace(ns).list().getItems().stream()
                    .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                    .toList();
            out.append(podTable(ns, pods));
        } catch (RuntimeException e) {
            out.append("Pods in namespace ").append(ns).append(": cannot list them: ").append(e.getMessage()).append('\n');
        }
        try {
            out.append('\n').append(events(ns, client.v1().events().inNamespace(ns).list().getItems()));
        } catch (RuntimeException e) {
            out.append("\nEvents: cannot list them: ").append(e.getMessage()).append('\n');
        }
        for (PodNode node : nodes) {
            Optional<Pod> pod = pods.stream().filter(p -> p.getMetadata().getName().equals(node.name())).findFirst();
            out.append('\n').append(logTails(node, pod));
            out.append('\n').append(infoReplication(node, pod));
        }
        return out.toString();
    }

    static String podTable(String ns, List<Pod> pods) {
        if (pods.isEmpty()) {
            return "Pods in namespace " + ns + ": none\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"POD", "ROLE", "PHASE", "READY", "RESTARTS", "REASON"});
        for (Pod pod : pods) {
            List<ContainerStatus> statuses = Optional.ofNullable(pod.getStatus())
                    .map(s -> s.getContainerStatuses()).orElse(List.of());
            long ready = statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
            int containers = pod.getSpec() == null ? statuses.size() : pod.getSpec().getContainers().size();
            int restarts = allStatuses(pod).mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
            String role = Optional.ofNullable(pod.getMetadata().getLabels())
                    .map(l -> l.get(RedisManifest.COMPONENT_LABEL)).orElse("-");
            rows.add(new String[] {pod.getMetadata().getName(), role,
                    pod.getStatus() == null ? "-" : String.valueOf(pod.getStatus().getPhase()),
                    ready + "/" + containers, String.valueOf(restarts), reason(pod)});
        }
        int[] widths = new int[6];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder("Pods in namespace " + ns + ":\n");
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (widths[i] + 2) + "s", r[i]));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Why a pod is not fine: a waiting or failed container's reason, Unschedulable, or the pod's own reason. */
    static String reason(Pod pod) {
        if (pod.getStatus() == null) {
            return "-";
        }
        for (ContainerStatus s : (Iterable<ContainerStatus>) allStatuses(pod)::iterator) {
            if (s.getState() != null && s.getState().getWaiting() != null
                    && s.getState().getWaiting().getReason() != null
                    && !"PodInitializing".equals(s.getState().getWaiting().getReason())) {
                return s.getState().getWaiting().getReason() + " (" + s.getName() + ")";
            }
            if (s.getState() != null && s.getState().getTerminated() != null
                    && !Integer.valueOf(0).equals(s.getState().getTerminated().getExitCode())) {
                return s.getState().getTerminated().getReason() + " (" + s.getName() + ")";
            }
        }
        if (pod.getStatus().getConditions() != null) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                if ("False".equals(c.getStatus()) && c.getReason() != null) {
                    return c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage());
                }
            }
        }
        return pod.getStatus().getReason() == null ? "-" : pod.getStatus().getReason();
    }

    private static Stream<ContainerStatus> allStatuses(Pod pod) {
        if (pod.getStatus() == null) {
            return Stream.empty();
        }
        return Stream.of(pod.getStatus().getInitContainerStatuses(), pod.getStatus().getContainerStatuses())
                .filter(l -> l != null)
                .flatMap(List::stream);
    }

    static String events(String ns, List<Event> events) {
        List<Event> recent = events.stream()
                .sorted(Comparator.comparing(Diagnostics::eventTime))
                .skip(Math.max(0, events.size() - EVENTS))
                .toList();
        StringBuilder out = new StringBuilder("Recent events in namespace " + ns + " (oldest first):\n");
        if (recent.isEmpty()) {
            out.append("  none\n");
        }
        for (Event e : recent) {
            out.append(String.format(Locale.ROOT, "  %s  %-7s  %s/%s  %s  %s%n", eventTime(e), e.getType(),
                    e.getInvolvedObject().getKind().toLowerCase(Locale.ROOT), e.getInvolvedObject().getName(),
                    e.getReason(), String.valueOf(e.getMessage()).strip()));
        }
        return out.toString();
    }

    private static String eventTime(Event e) {
        return Stream.of(e.getLastTimestamp(), e.getEventTime() == null ? null : e.getEventTime().getTime(),
                        e.getFirstTimestamp(), e.getMetadata().getCreationTimestamp())
                .filter(t -> t != null && !t.isBlank())
                .findFirst()
                .orElse("");
    }

    private static String logTails(PodNode node, Optional<Pod> pod) {
        if (pod.isEmpty()) {
            return "Log of " + node.name() + ": the pod does not exist\n";
        }
        StringBuilder out = new StringBuilder();
        for (ContainerStatus s : (Iterable<ContainerStatus>) allStatuses(pod.get())::iterator) {
            boolean started = s.getState() != null
                    && (s.getState().getRunning() != null || s.getState().getTerminated() != null);
            boolean restarted = s.getRestartCount() != null && s.getRestartCount() > 0;
            if (!started && !restarted) {
                continue;
            }
            try {
                String tail = node.logTail(s.getName(), LOG_TAIL_LINES, !started);
                out.append("Log of ").append(node.name()).append(" container ").append(s.getName())
                        .append(started ? "" : " (previous run)")
                        .append(" (last ").append(LOG_TAIL_LINES).append(" lines):\n")
                        .append(indent(tail));
            } catch (RuntimeException e) {
                out.append("Log of ").append(node.name()).append(" container ").append(s.getName())
                        .append(": cannot read it: ").append(e.getMessage()).append('\n');
            }
        }
        return out.length() == 0 ? "Log of " + node.name() + ": no container has started\n" : out.toString();
    }

    private static String infoReplication(PodNode node, Optional<Pod> pod) {
        boolean running = pod.map(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                .orElse(false);
        if (!running) {
            return "INFO replication of " + node.name() + ": not running\n";
        }
        try {
            return "INFO replication of " + node.name() + ":\n" + indent(node.info("replication"));
        } catch (RuntimeException e) {
            return "INFO replication of " + node.name() + ": cannot get it: " + e.getMessage() + "\n";
        }
    }

    private static String indent(String text) {
        if (text == null || text.isBlank()) {
            return "    (empty)\n";
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (!line.isBlank()) {
                out.append("    ").append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static Optional<Path> write(Path reportsDir, String testClass, String ns, String what, String text) {
        try {
            Path dir = reportsDir.resolve(testClass);
            Files.createDirectories(dir);
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
            Path file = dir.resolve(ns + "-" + what.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + stamp + ".txt");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot write evidence under {}: {}", reportsDir, e.toString());
            return Optional.empty();
        }
    }
}

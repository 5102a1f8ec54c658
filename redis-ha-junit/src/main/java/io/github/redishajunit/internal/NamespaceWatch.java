package io.github.redishajunit.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * The pods, events and Services of one namespace as fabric8 informers keep them: one list and one watch each, started
 * at once and in parallel (while the manifest is applied), then every read is local. The first read waits for the
 * three first lists. Handles, readiness and fail-fast read it, so that no getter and no poll calls the API server.
 */
final class NamespaceWatch implements AutoCloseable {

    private final String namespace;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Event> events;
    private final SharedIndexInformer<Service> services;

    private CompletableFuture<Void> synced;

    /** The informers, not started yet (fabric8's {@code runnableInformer}): {@link #start()}, or the first read. */
    NamespaceWatch(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.pods = client.pods().inNamespace(namespace).runnableInformer(0);
        this.events = client.v1().events().inNamespace(namespace).runnableInformer(0);
        this.services = client.services().inNamespace(namespace).runnableInformer(0);
    }

    /**
     * Starts the informers without waiting for their first lists; once. Each list and watch opens a connection of
     * its own (a TLS handshake): a provisioner starts them after its apply, whose requests would wait behind them.
     */
    synchronized NamespaceWatch start() {
        if (synced == null) {
            synced = CompletableFuture.allOf(Stream.of(pods, events, services)
                    .map(informer -> informer.start().toCompletableFuture())
                    .toArray(CompletableFuture[]::new));
        }
        return this;
    }

    /** Waits once for the first lists; a failed one (e.g. forbidden) is thrown as fabric8 threw it. */
    private void awaitSynced() {
        Concurrently.join(start().synced);
    }

    String namespace() {
        return namespace;
    }

    /** The pod as last observed, if it exists. */
    Optional<Pod> pod(String name) {
        awaitSynced();
        return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name));
    }

    /**
     * The pod's IP as last observed.
     *
     * @throws IllegalStateException while the pod does not exist or has no IP
     */
    String podIp(String name) {
        Pod pod = pod(name).orElse(null);
        if (pod == null || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            throw new IllegalStateException("pod " + name + " in namespace " + namespace + " has no IP (yet)");
        }
        return pod.getStatus().getPodIP();
    }

    /** Every pod of the namespace as last observed, by name. */
    List<Pod> pods() {
        awaitSynced();
        return byName(pods.getStore().list());
    }

    /** Every event of the namespace as last observed. */
    List<Event> events() {
        awaitSynced();
        return List.copyOf(events.getStore().list());
    }

    /** The Service as last observed, if it exists. */
    Optional<Service> service(String name) {
        awaitSynced();
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    /** Every Service of the namespace as last observed, by name. */
    List<Service> services() {
        awaitSynced();
        return byName(services.getStore().list());
    }

    /** Whether the Service's selector picks this pod. */
    static boolean selects(Service service, Pod pod) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        Map<String, String> labels = pod == null ? null : pod.getMetadata().getLabels();
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    @Override
    public void close() {
        pods.close();
        events.close();
        services.close();
    }

    private static <T extends HasMetadata> List<T> byName(List<T> objects) {
        return objects.stream().sorted(Comparator.comparing(o -> o.getMetadata().getName())).toList();
    }
}

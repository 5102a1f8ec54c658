package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Listable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.github.redishajunit.internal.progress.Concurrently;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * The pods, events and Services of one namespace as fabric8 informers keep them: one list and one watch each, started
 * at once and in parallel (while the manifest is applied), then every read is local. The first read waits for the
 * three first lists. Handles, readiness and fail-fast read it, so that no getter and no poll calls the API server.
 *
 * <p>Each informer starts once one list of its resource (limit 1) has succeeded: fabric8's informer logs a first list
 * that fails (a 403 when the account may not list pods) at ERROR with its stack trace, whatever its
 * {@code exceptionHandler} answers (WARN and a retry every few seconds when it answers true). That list fails quietly,
 * and its exception is what the first read throws.
 */
@API(status = API.Status.INTERNAL)
public final class NamespaceWatch implements AutoCloseable {

    private final String namespace;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Event> events;
    private final SharedIndexInformer<Service> services;
    private final List<Watched> watched;
    // every pod IP seen, to the pod that had it last: a Sentinel may still hand out a recreated pod's former address
    private final Map<String, String> podsByAddress = new ConcurrentHashMap<>();

    private CompletableFuture<Void> synced;

    /** The informers, not started yet (fabric8's {@code runnableInformer}): {@link #start()}, or the first read. */
    public NamespaceWatch(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        FilterWatchListDeletable<Pod, ?, ?> podsOf = client.pods().inNamespace(namespace);
        FilterWatchListDeletable<Event, ?, ?> eventsOf = client.v1().events().inNamespace(namespace);
        FilterWatchListDeletable<Service, ?, ?> servicesOf = client.services().inNamespace(namespace);
        this.pods = podsOf.runnableInformer(0);
        this.events = eventsOf.runnableInformer(0);
        this.services = servicesOf.runnableInformer(0);
        this.pods.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                remember(pod);
            }

            @Override
            public void onUpdate(Pod before, Pod after) {
                remember(after);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                // its address stays known: a Sentinel may still hand it out
            }
        });
        this.watched = List.of(new Watched(podsOf, pods), new Watched(eventsOf, events),
                new Watched(servicesOf, services));
    }

    /**
     * Starts the informers without waiting for their first lists; once. Each list and watch opens a connection of
     * its own (a TLS handshake): a provisioner starts them after its apply, whose requests would wait behind them.
     */
    public synchronized NamespaceWatch start() {
        if (synced == null) {
            synced = CompletableFuture.allOf(watched.stream().map(Watched::start).toArray(CompletableFuture[]::new));
        }
        return this;
    }

    /** Waits once for the first lists; a failed one (e.g. forbidden) is thrown as fabric8 threw it. */
    private void awaitSynced() {
        Concurrently.join(start().synced);
    }

    public String namespace() {
        return namespace;
    }

    /** The pod as last observed, if it exists. */
    public Optional<Pod> pod(String name) {
        awaitSynced();
        return Optional.ofNullable(pods.getStore().getByKey(namespace + "/" + name));
    }

    /**
     * The pod's IP as last observed.
     *
     * @throws IllegalStateException while the pod does not exist or has no IP
     */
    public String podIp(String name) {
        Pod pod = pod(name).orElse(null);
        if (pod == null || pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
            throw new IllegalStateException("pod " + name + " in namespace " + namespace + " has no IP (yet)");
        }
        return pod.getStatus().getPodIP();
    }

    /**
     * The pod that had {@code ip} last, while this watch ran: the pod that has it now, or one that had it before it was
     * recreated elsewhere.
     */
    public Optional<String> podOnceAt(String ip) {
        awaitSynced();
        return Optional.ofNullable(podsByAddress.get(ip));
    }

    private void remember(Pod pod) {
        if (pod.getStatus() != null && pod.getStatus().getPodIP() != null) {
            podsByAddress.put(pod.getStatus().getPodIP(), pod.getMetadata().getName());
        }
    }

    /** Every pod of the namespace as last observed, by name. */
    public List<Pod> pods() {
        awaitSynced();
        return byName(pods.getStore().list());
    }

    /** Every event of the namespace as last observed. */
    public List<Event> events() {
        awaitSynced();
        return List.copyOf(events.getStore().list());
    }

    /** The Service as last observed, if it exists. */
    public Optional<Service> service(String name) {
        awaitSynced();
        return Optional.ofNullable(services.getStore().getByKey(namespace + "/" + name));
    }

    /** Every Service of the namespace as last observed, by name. */
    public List<Service> services() {
        awaitSynced();
        return byName(services.getStore().list());
    }

    /** Whether the Service's selector picks this pod. */
    public static boolean selects(Service service, Pod pod) {
        Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
        Map<String, String> labels = pod == null ? null : pod.getMetadata().getLabels();
        return selector != null && !selector.isEmpty() && labels != null
                && selector.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** Whether every informer's watch is open (its upgrade done): a test closes the watch only then. */
    boolean watching() {
        return pods.isWatching() && events.isWatching() && services.isWatching();
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

    /** A resource of the namespace and its informer, which starts once the resource could be listed. */
    private record Watched(Listable<?> resources, SharedIndexInformer<?> informer) {

        public CompletableFuture<Void> start() {
            return Concurrently.supply(() -> resources.list(1, null))
                    .thenCompose(listed -> informer.start().toCompletableFuture());
        }
    }
}

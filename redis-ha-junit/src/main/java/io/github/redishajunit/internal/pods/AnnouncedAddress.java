package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.api.model.Pod;
import org.apiguardian.api.API;

/**
 * Whether an address a server hands out (a replica's {@code master_host}, a Sentinel's answer, {@code
 * replica-announce-ip}) names one container port of a pod: never by the address's shape alone, always through what
 * the namespace's watch observed.
 */
@API(status = API.Status.INTERNAL)
public final class AnnouncedAddress {

    private AnnouncedAddress() {}

    /**
     * Whether {@code host:port} is {@code pod}'s {@code podPort}: its pod IP, or its name as the first DNS label
     * ({@code redis-master-0.redis-headless...}, a pod FQDN as {@code announce-hostnames} gives it), on that port; or
     * a Service of the namespace that selects this pod and no other one (a chart's {@code <name>-master}, a per-pod
     * {@code <release>-announce-0}), by its ClusterIP or its DNS name ({@code svc}, {@code svc.ns}, {@code
     * svc.ns.svc...}), on a Service port that leads to {@code podPort}.
     */
    public static boolean names(NamespaceWatch watch, String pod, String container, int podPort, String host,
            int port) {
        if (host == null || host.isBlank()) {
            return false;
        }
        Pod observed = watch.pod(pod).orElse(null);
        if (port == podPort && (host.split("\\.", 2)[0].equals(pod)
                || observed != null && observed.getStatus() != null && host.equals(observed.getStatus().getPodIP()))) {
            return true;
        }
        return observed != null && watch.services().stream()
                .anyMatch(service -> ServiceRoute.names(service, host) && ServiceRoute.leadsTo(service, port, observed,
                        container, podPort) && ServiceRoute.selectsOnly(service, observed, watch.pods()));
    }
}

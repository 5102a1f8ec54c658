package io.github.redishajunit.internal.pods;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How an address a server announces (a replica's {@code master_host}, a Sentinel's answer, {@code
 * replica-announce-ip}) leads through a Service to one pod: the Service's ClusterIP or DNS name, a Service port whose
 * target is the pod's port, and a selector that picks that pod alone. Charts announce each pod by a Service of its own
 * (selecting {@code statefulset.kubernetes.io/pod-name}) so that an address survives the pod's restart.
 */
@API(status = API.Status.INTERNAL)
public final class ServiceRoute {

    private ServiceRoute() {}

    /**
     * Whether {@code host} names the Service: one of its ClusterIPs, or its DNS name ({@code svc}, {@code svc.ns},
     * {@code svc.ns.svc} and any cluster domain after it).
     */
    public static boolean names(Service service, String host) {
        String name = service.getMetadata().getName();
        String namespace = service.getMetadata().getNamespace();
        if (host.equals(name) || namespace != null && (host.equals(name + "." + namespace)
                || host.equals(name + "." + namespace + ".svc") || host.startsWith(name + "." + namespace + ".svc."))) {
            return true;
        }
        return clusterIps(service).contains(host);
    }

    /**
     * Whether a connection to the Service on {@code port} reaches {@code targetPort} of the pod's container: a port
     * whose {@code targetPort} is that number, or the name of that container port (or, without a target, is that
     * number); a headless Service's DNS name leads to the pod's own ports.
     */
    public static boolean leadsTo(Service service, int port, Pod pod, String container, int targetPort) {
        if (clusterIps(service).isEmpty()) {
            return port == targetPort;
        }
        for (ServicePort servicePort : Optional.ofNullable(service.getSpec().getPorts()).orElse(List.of())) {
            if (!Objects.equals(servicePort.getPort(), port)) {
                continue;
            }
            IntOrString target = servicePort.getTargetPort();
            if (target == null || target.getIntVal() != null) {
                int number = target == null ? servicePort.getPort() : target.getIntVal();
                if (number == targetPort) {
                    return true;
                }
            } else if (namedPort(pod, container, target.getStrVal()).filter(p -> p == targetPort).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** Whether the Service's selector picks {@code pod} and none of the other {@code pods}. */
    public static boolean selectsOnly(Service service, Pod pod, List<Pod> pods) {
        return NamespaceWatch.selects(service, pod) && pods.stream()
                .filter(other -> !other.getMetadata().getName().equals(pod.getMetadata().getName()))
                .noneMatch(other -> NamespaceWatch.selects(service, other));
    }

    private static List<String> clusterIps(Service service) {
        List<String> ips = new ArrayList<>();
        if (service.getSpec() != null) {
            Optional.ofNullable(service.getSpec().getClusterIPs()).ifPresent(ips::addAll);
            Optional.ofNullable(service.getSpec().getClusterIP()).ifPresent(ips::add);
        }
        ips.removeIf(ip -> ip.isBlank() || "None".equals(ip));
        return ips;
    }

    /** The number of the container port so named, in the named container first, then in any of the pod's. */
    private static Optional<Integer> namedPort(Pod pod, String container, String name) {
        return pod.getSpec().getContainers().stream()
                .sorted((a, b) -> Boolean.compare(!a.getName().equals(container), !b.getName().equals(container)))
                .flatMap(c -> Optional.ofNullable(c.getPorts()).orElse(List.<ContainerPort>of()).stream())
                .filter(p -> name.equals(p.getName())).map(ContainerPort::getContainerPort).filter(Objects::nonNull)
                .findFirst();
    }
}

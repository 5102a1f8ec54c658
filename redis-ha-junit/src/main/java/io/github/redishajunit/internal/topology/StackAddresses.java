package io.github.redishajunit.internal.topology;

import io.github.redishajunit.AddressMap;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import java.util.List;
import java.util.function.Supplier;

/**
 * The addresses a stack hands out, mapped to the endpoints its handles already use: each data pod's and Sentinel's
 * port is reached through the one port-forward its handle keeps for the life of the handle (fabric8's, which dials the
 * pod by name for every connection it accepts), or, from inside the cluster, where the address is.
 */
final class StackAddresses implements AddressMap {

    private final NamespaceWatch watch;
    private final Supplier<List<PodNode>> pods;
    private final List<SentinelPod> sentinels;
    private final boolean direct;

    StackAddresses(NamespaceWatch watch, Supplier<List<PodNode>> pods, List<SentinelPod> sentinels, boolean direct) {
        this.watch = watch;
        this.pods = pods;
        this.sentinels = sentinels;
        this.direct = direct;
    }

    @Override
    public Endpoint map(String host, int port) {
        Endpoint given = new Endpoint(host, port);
        if (direct || host == null || host.isBlank()) {
            return given;
        }
        for (PodNode pod : pods.get()) {
            if (pod.isAt(host, port) || port == pod.port() && onceAt(pod.name(), host)) {
                return local(pod.endpoint());
            }
        }
        for (SentinelPod sentinel : sentinels) {
            if (sentinel.isAt(host, port) || port == sentinel.port() && onceAt(sentinel.name(), host)) {
                return local(sentinel.endpoint());
            }
        }
        return given;
    }

    @Override
    public List<Endpoint> sentinels() {
        return sentinels.stream().map(sentinel -> new Endpoint(PodNode.dnsName(watch, sentinel.name()),
                sentinel.port())).toList();
    }

    private boolean onceAt(String pod, String host) {
        return watch.podOnceAt(host).filter(pod::equals).isPresent();
    }

    /** The endpoint without the server name the library's own TLS connections carry: a client brings its own. */
    private static Endpoint local(Endpoint endpoint) {
        return new Endpoint(endpoint.host(), endpoint.port());
    }

    @Override
    public String toString() {
        return "addresses of the stack in namespace " + watch.namespace() + (direct ? " (reached directly)" : "");
    }
}

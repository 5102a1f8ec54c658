package io.github.redishajunit;

import io.lettuce.core.internal.HostAndPort;
import io.lettuce.core.resource.DnsResolver;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import io.lettuce.core.resource.SocketAddressResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Every address a stack's servers hand out for its pods, mapped to where this JVM reaches that pod: what an
 * application's own client needs to follow a Sentinel's answer from a test. A Sentinel-aware client (Lettuce, Jedis's
 * {@code JedisSentinelPool}, Redisson, Spring Data Redis) asks a Sentinel for the master and gets a pod IP or a pod or
 * Service DNS name that a workstation cannot reach; with the map installed in the client, it reaches that pod through
 * a local endpoint that stays the same for the life of the handle, whatever pod has the name now.
 *
 * <p>From a workstation each (pod, port) has one loopback listener that dials the pod afresh through the API server
 * for each connection it accepts: a deleted or not yet started pod reads as a closed connection, as it would in the
 * cluster, and a recreated pod is reached on the same local port. From inside the cluster every address is already
 * reachable: the map returns it unchanged.
 *
 * <p>One line per client, {@code addresses} being {@code cluster.addresses()}:
 * <pre>{@code
 * // Lettuce
 * RedisClient.create(ClientResources.builder().socketAddressResolver(addresses.lettuceResolver()).build(), uri);
 * // Jedis (HostAndPortMapper)
 * hostAndPort -> { Endpoint e = addresses.map(hostAndPort.getHost(), hostAndPort.getPort());
 *                  return new HostAndPort(e.host(), e.port()); }
 * // Redisson (NatMapper)
 * uri -> { Endpoint e = addresses.map(uri.getHost(), uri.getPort());
 *          return new RedisURI(uri.getScheme(), e.host(), e.port()); }
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.6.0")
public interface AddressMap {

    /**
     * Where this JVM reaches {@code host:port} as a server of the stack handed it out. A pod's IP (the one it has
     * now, or one it had before it was recreated), its name as the first DNS label ({@code pod.headless}, {@code
     * ...ns}, {@code ...ns.svc}, {@code ...svc.<cluster domain>}), or a Service that selects that pod alone (by its
     * ClusterIP or DNS name, on a port that leads to the pod's), for the pod's Redis or Sentinel port, maps to that
     * port's local endpoint; any other address is returned unchanged.
     */
    Endpoint map(String host, int port);

    /**
     * Each Sentinel as the stack's own clients name it: its pod's DNS name and its Sentinel port. Give them to a
     * client as it is configured in production; {@link #map} routes them. Empty for a stack without Sentinels.
     */
    List<Endpoint> sentinels();

    /**
     * The map as a Lettuce {@link SocketAddressResolver}, for {@code ClientResources.builder().socketAddressResolver
     * (...)}. A mapped address keeps the name it was given (the local address carries it), so that a TLS client checks
     * the server's certificate against the name the stack handed out; other names are resolved as the JVM resolves
     * them.
     */
    default SocketAddressResolver lettuceResolver() {
        Map<String, String> routes = new ConcurrentHashMap<>();
        DnsResolver routed = name -> {
            String local = routes.get(name);
            if (local == null) {
                return DnsResolver.unresolved().resolve(name);
            }
            try {
                return new InetAddress[] {InetAddress.getByAddress(name, InetAddress.getByName(local).getAddress())};
            } catch (UnknownHostException e) {
                throw new IllegalStateException("the local endpoint " + local + " of " + name + " has no address", e);
            }
        };
        return MappingSocketAddressResolver.create(routed, given -> {
            Endpoint mapped = map(given.getHostText(), given.getPort());
            if (mapped.host().equals(given.getHostText()) && mapped.port() == given.getPort()) {
                return given;
            }
            routes.put(given.getHostText(), mapped.host());
            return HostAndPort.of(given.getHostText(), mapped.port());
        });
    }
}

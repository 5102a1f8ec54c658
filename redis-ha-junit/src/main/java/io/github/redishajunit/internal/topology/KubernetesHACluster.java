package io.github.redishajunit.internal.topology;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.AddressMap;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.Releases;
import io.github.redishajunit.ReplicationInfo;
import io.github.redishajunit.internal.cluster.ClusterTarget;
import io.github.redishajunit.internal.credentials.ContainerTls;
import io.github.redishajunit.internal.credentials.DataLogins;
import io.github.redishajunit.internal.credentials.SentinelLogins;
import io.github.redishajunit.internal.credentials.StackCredentials;
import io.github.redishajunit.internal.discovery.MasterElection;
import io.github.redishajunit.internal.discovery.ProxyDetection;
import io.github.redishajunit.internal.discovery.StackDiscovery;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The {@link HACluster} handle over the stack {@link StackDiscovery} found: a node per Redis data pod, a Sentinel
 * per Sentinel container, one Lettuce client for all, and one {@link NamespaceWatch} that every getter reads instead
 * of the API server. Roles come from the servers ({@link #observeRoles()}), never from names: the master is the one
 * server that says {@code role:master}; when several (or none) do, the one most Sentinels name, else the one with
 * most replicas, else the one most replicas follow.
 */
@API(status = API.Status.INTERNAL)
public final class KubernetesHACluster implements HACluster {

    /** Pods answer through port-forwards on loopback: a command that takes longer names a frozen node. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterTarget target;
    private final String namespace;
    private final NamespaceWatch watch;
    private volatile StackDiscovery.Found found;
    private volatile String proxiedTo = "";
    private final ConnectionSettings settings;
    private final DataLogins dataLogins;
    private final SentinelLogins sentinelLogins;
    private final RedisClient redis;
    private volatile List<PodNode> pods;
    private volatile List<PodNode> proxies = List.of();
    private final List<SentinelPod> sentinels;
    private final Optional<ContainerTls.Found> tls;
    private final Optional<Endpoint> external;
    private volatile String externalService;
    private volatile PodNode master;
    private volatile String roles = "roles not asked yet";
    private final StackAddresses addresses;

    public KubernetesHACluster(ClusterTarget target, NamespaceWatch watch, StackDiscovery.Found found,
            StackCredentials.Found credentials, Optional<Endpoint> external) {
        this.target = target;
        this.namespace = watch.namespace();
        this.watch = watch;
        this.found = found;
        ConnectionSettings plain = ConnectionSettings.of(COMMAND_TIMEOUT);
        ConnectionSettings base = credentials.tls().map(tls -> plain.withTls(tls.settings())).orElse(plain);
        this.tls = credentials.tls();
        this.dataLogins = credentials.data();
        this.settings = dataLogins.provider().map(base::withCredentials).orElse(base);
        this.sentinelLogins = credentials.sentinels();
        this.redis = settings.newClient();
        KubernetesClient client = target.client();
        // with TLS, the TLS port: every connection speaks TLS where the server does
        this.pods = found.dataPods().stream()
                .map(served -> tls.filter(t -> t.port() != served.port()).map(t -> new StackDiscovery.Served(
                        served.pod(), served.container(), t.port(), served.how() + ", TLS port " + t.port()))
                        .orElse(served))
                .sorted(Comparator.comparing(StackDiscovery.Served::pod))
                .map(served -> new PodNode(client, watch, served, redis, settings, target.reachesPodsDirectly()))
                .toList();
        int sentinelTlsPort = credentials.sentinelTlsPort();
        this.sentinels = found.sentinels().stream()
                .map(served -> sentinelTlsPort == 0 ? served : new StackDiscovery.Served(served.pod(),
                        served.container(), sentinelTlsPort, served.how() + ", TLS port " + sentinelTlsPort))
                .sorted(Comparator.comparing(StackDiscovery.Served::pod))
                .map(served -> new SentinelPod(client, watch, served, redis, base, credentials.sentinels(),
                        target.reachesPodsDirectly()))
                .toList();
        this.external = external;
        this.master = pods.isEmpty() ? null : pods.get(0);
        this.addresses = new StackAddresses(watch, () -> this.pods, sentinels, target.reachesPodsDirectly());
    }

    @Override
    public AddressMap addresses() {
        return addresses;
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public PodNode master() {
        return master;
    }

    @Override
    public List<RedisNode> replicas() {
        PodNode current = master;
        return pods.stream().filter(pod -> pod != current).map(RedisNode.class::cast).toList();
    }

    public List<PodNode> podNodes() {
        return pods;
    }

    @Override
    public List<RedisSentinel> sentinels() {
        return List.copyOf(sentinels);
    }

    @Override
    public RedisPod replica(int index) {
        List<RedisNode> replicas = replicas();
        if (index < 0 || index >= replicas.size()) {
            throw new IndexOutOfBoundsException("Redis HA cluster in namespace " + namespace + " has "
                    + replicas.size() + " replicas (0.." + (replicas.size() - 1) + "), not replica(" + index + ")");
        }
        return (RedisPod) replicas.get(index);
    }

    /**
     * Asks every data pod its role ({@code INFO replication}) and every Sentinel its master, and makes the master the
     * one the answers name. Returns what each said, for progress lines and the report.
     */
    @Override
    public synchronized String observeRoles() {
        Map<PodNode, ReplicationInfo> answers = new LinkedHashMap<>();
        for (PodNode pod : pods) {
            try {
                answers.put(pod, pod.replication());
            } catch (RedisException | IllegalArgumentException | IllegalStateException e) {
                // it does not answer: it stays a replica, and the checks say why
            }
        }
        PodNode chosen = MasterElection.elect(pods, answers, this::sentinelMaster).orElse(null);
        master = chosen;
        for (PodNode pod : pods) {
            pod.role(pod == chosen ? RedisNode.Role.MASTER : RedisNode.Role.REPLICA);
        }
        if (externalService == null && external.isEmpty() && chosen != null) {
            externalService = externalServiceOf(chosen).map(s -> s.getMetadata().getName()).orElse(null);
        }
        roles = pods.stream().map(pod -> pod.name() + " " + Optional.ofNullable(answers.get(pod))
                        .map(info -> info.isMaster() ? "master" : "replica").orElse("not answering"))
                .collect(Collectors.joining(", "));
        return roles;
    }

    /**
     * Sets aside the pods that serve the Redis protocol only by passing connections on to another pod's server (a
     * proxy in front, {@link ProxyDetection}): they are the stack's entry points, never data nodes. Asks each pod
     * {@code INFO server} and {@code CLIENT INFO}; a pod that does not answer stays a data pod.
     *
     * @return each proxy and the pod it reaches ({@code a-proxy-x1 -> a-0}), or empty when there is none
     */
    public synchronized Optional<String> setAsideProxies() {
        List<ProxyDetection.Answer> answers = new ArrayList<>();
        for (PodNode pod : pods) {
            try {
                String runId = pod.infoFields("server").getOrDefault("run_id", "");
                Optional<String> localHost;
                try {
                    localHost = localHost(pod.connection().sync().clientInfo());
                } catch (RedisException notServed) {
                    localHost = Optional.empty();
                }
                answers.add(new ProxyDetection.Answer(pod.name(), runId, localHost, pod.hostAddress()));
            } catch (RedisException | IllegalStateException e) {
                // it does not answer: it stays a data pod, and the checks say why
            }
        }
        Map<String, String> found = ProxyDetection.proxies(answers);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        proxies = pods.stream().filter(pod -> found.containsKey(pod.name())).toList();
        pods = pods.stream().filter(pod -> !found.containsKey(pod.name())).toList();
        if (master == null || found.containsKey(master.name())) {
            master = pods.isEmpty() ? null : pods.get(0);
        }
        proxiedTo = "; in front of them " + found.size() + " prox" + (found.size() == 1 ? "y" : "ies") + " ("
                + this.found.ownersOf(found.keySet()) + "), not data nodes: " + found.entrySet().stream()
                .map(e -> e.getKey() + " -> " + e.getValue()).collect(Collectors.joining(", "));
        this.found = this.found.without(found.keySet());
        return Optional.of(proxiedTo.substring(2));
    }

    /** The host of {@code laddr=HOST:PORT} in a {@code CLIENT INFO} line. */
    private static Optional<String> localHost(String clientInfo) {
        return java.util.Arrays.stream(clientInfo.trim().split(" ")).filter(field -> field.startsWith("laddr="))
                .map(field -> field.substring("laddr=".length())).filter(a -> a.lastIndexOf(':') > 0)
                .map(a -> a.substring(0, a.lastIndexOf(':'))).findFirst();
    }

    /** The pods in front of the data pods that pass connections on to them ({@link #setAsideProxies()}). */
    @Override
    public List<RedisNode> proxies() {
        return List.copyOf(proxies);
    }

    @Override
    public String discovery() {
        return found.describe(Optional.of(roles)) + proxiedTo + "; password: " + (settings.credentials().isPresent()
                ? dataLogins.describe() : "none (the servers answer without one)")
                + (sentinels.isEmpty() ? "" : "; Sentinel password: " + sentinelLogins.describe()) + tlsLine();
    }

    /** {@code ; TLS on port 6379 (plaintext off, client certificates yes): CA Secret ...}, empty without TLS. */
    public String tlsLine() {
        return tls.map(t -> "; TLS on port " + t.port() + " (plaintext " + (t.plaintextPort() == 0 ? "off"
                : "on port " + t.plaintextPort()) + ", client certificates " + t.authClients() + "): " + t.source())
                .orElse("");
    }

    public String credentialsSource() {
        return dataLogins.describe();
    }

    /**
     * After {@code node} refused the login in use: tries each login found on it ({@link DataLogins#settle}) with a
     * connection of its own, and reopens the node's connection with the one it accepts.
     *
     * @return whether one was accepted
     */
    public boolean settleLogin(PodNode node) {
        boolean settled = dataLogins.settle(login -> {
            ConnectionSettings trying = login.provider().map(settings::withCredentials).orElse(settings);
            try (var connection = redis.connect(trying.uri(node.endpoint()))) {
                connection.sync().ping();
                return true;
            } catch (RedisException e) {
                if (SentinelLogins.refusesLogin(e)) {
                    return false;
                }
                throw e;
            }
        });
        if (settled) {
            node.reconnect();
        }
        return settled;
    }

    /** For progress lines: how the Sentinels are logged in to (after a first connection: the login that worked). */
    public String sentinelCredentialsSource() {
        return sentinelLogins.describe();
    }

    /** The data pod at {@code host:port}, if any. */
    Optional<PodNode> podAt(String host, int port) {
        return pods.stream().filter(pod -> pod.isAt(host, port)).findFirst();
    }

    /** The data pod most Sentinels name as their master, if any names one. */
    private Optional<PodNode> sentinelMaster() {
        Map<PodNode, Long> votes = new LinkedHashMap<>();
        for (SentinelPod sentinel : sentinels) {
            try {
                var masters = sentinel.connection().sync().masters();
                if (!masters.isEmpty()) {
                    Map<String, String> first = masters.get(0);
                    podAt(first.get("ip"), Integer.parseInt(first.getOrDefault("port", "0")))
                            .ifPresent(pod -> votes.merge(pod, 1L, Long::sum));
                }
            } catch (RedisException | IllegalStateException | NumberFormatException e) {
                // a Sentinel that does not answer has no vote
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }

    private Optional<Service> externalServiceOf(PodNode pod) {
        Pod observed = pod.pod();
        return watch.services().stream()
                .filter(s -> s.getSpec() != null && ("NodePort".equals(s.getSpec().getType())
                        || "LoadBalancer".equals(s.getSpec().getType())))
                .filter(s -> NamespaceWatch.selects(s, observed))
                .filter(s -> redisPort(s).isPresent())
                .findFirst();
    }

    private static Optional<ServicePort> redisPort(Service service) {
        return service.getSpec().getPorts().stream()
                .filter(p -> Integer.valueOf(StackDiscovery.REDIS_PORT).equals(p.getPort())
                        || p.getTargetPort() != null && (Integer.valueOf(StackDiscovery.REDIS_PORT)
                                .equals(p.getTargetPort().getIntVal())
                                || StackDiscovery.REDIS_PORT_NAMES.contains(p.getTargetPort().getStrVal())))
                .findFirst();
    }

    @Override
    public Endpoint nodePort() {
        return externalEndpoint().orElseThrow(() -> new IllegalStateException("the stack in namespace " + namespace
                + " has no NodePort or LoadBalancer Service that reaches its master " + master.name()));
    }

    @Override
    public Optional<Endpoint> externalEndpoint() {
        if (external.isPresent()) {
            return external;
        }
        String name = externalService;
        if (name == null) {
            return Optional.empty();
        }
        Service live = watch.service(name).orElseThrow(() -> new IllegalStateException("Service " + name
                + " (the stack's NodePort to its master) does not exist in namespace " + namespace));
        ServicePort port = redisPort(live).orElseThrow(() -> new IllegalStateException("Service " + name
                + " in namespace " + namespace + " has no port to Redis"));
        if ("LoadBalancer".equals(live.getSpec().getType())) {
            List<LoadBalancerIngress> ingress = live.getStatus() == null || live.getStatus().getLoadBalancer() == null
                    ? List.of() : Optional.ofNullable(live.getStatus().getLoadBalancer().getIngress()).orElse(List.of());
            if (!ingress.isEmpty()) {
                LoadBalancerIngress first = ingress.get(0);
                return Optional.of(new Endpoint(first.getIp() != null ? first.getIp() : first.getHostname(),
                        port.getPort()));
            }
        }
        if (port.getNodePort() == null) {
            throw new IllegalStateException("Service " + name + " in namespace " + namespace + " has no nodePort");
        }
        Pod pod = master.pod();
        if (pod == null || pod.getStatus() == null || pod.getStatus().getHostIP() == null) {
            throw new IllegalStateException("pod " + master.name() + " in namespace " + namespace
                    + " is not on a node yet, so its NodePort " + port.getNodePort() + " has no address");
        }
        return Optional.of(target.nodePortEndpoint(pod.getStatus().getHostIP(), port.getNodePort()));
    }

    @Override
    public KubernetesClient client() {
        return target.client();
    }

    NamespaceWatch watch() {
        return watch;
    }

    @Override
    public ConnectionSettings connectionSettings() {
        return settings;
    }

    /** Closes every connection and port-forward; the first failure is thrown, the rest suppressed. */
    @Override
    public void close() {
        List<Runnable> releases = new ArrayList<>();
        pods.forEach(node -> releases.add(node::close));
        proxies.forEach(node -> releases.add(node::close));
        sentinels.forEach(sentinel -> releases.add(sentinel::close));
        releases.add(() -> ClientShutdown.shutdown(redis));
        releases.add(watch::close);
        Releases.runAll(releases);
    }

    @Override
    public String toString() {
        return "Redis HA cluster in namespace " + namespace + " (master " + (master == null ? "none" : master.name())
                + ", replicas " + replicas().stream().map(RedisNode::name).toList() + ")";
    }
}

package io.github.redishajunit.internal.discovery;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.github.redishajunit.internal.pods.LabelSelector;
import io.github.redishajunit.internal.pods.NamespaceWatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apiguardian.api.API;

/**
 * Finds a namespace's Redis stack by what its pods serve, whatever made them (this project's manifest, a Helm chart,
 * an operator): a data pod has a container that serves the Redis protocol (container port 6379, or a port named
 * {@code redis}, {@code tcp-redis} or {@code redis-client}); a Sentinel has a container on 26379 (or a port named
 * {@code redis-sentinel} / {@code sentinel}, or a container named {@code sentinel}). A pod can be both (a Sentinel
 * sidecar). How many data pods there should be comes from their owners' specs (StatefulSet or Deployment {@code
 * replicas}), so a missing pod is named. Names never decide roles: the servers do ({@code KubernetesHACluster}).
 */
@API(status = API.Status.INTERNAL)
public final class StackDiscovery {

    public static final int REDIS_PORT = 6379;
    static final int SENTINEL_PORT = 26379;
    public static final Set<String> REDIS_PORT_NAMES = Set.of("redis", "tcp-redis", "redis-client", "valkey",
            "tcp-valkey");
    static final Set<String> SENTINEL_PORT_NAMES = Set.of("redis-sentinel", "sentinel", "sentinel-client", "tcp-sentinel",
            "valkey-sentinel");
    /** The servers' programs, as a command line or an image's repository names them. */
    private static final Set<String> SERVER_PROGRAMS = Set.of("redis-server", "valkey-server");
    private static final Set<String> SENTINEL_PROGRAMS = Set.of("redis-sentinel", "valkey-sentinel");
    /** Images named for the server: {@code redis} and {@code valkey} name a program only as an image, never as a word. */
    private static final Set<String> SERVER_IMAGES = Set.of("redis", "valkey", "redis-server", "valkey-server");

    private StackDiscovery() {}

    /** A pod's container that serves Redis (or Sentinel), and how it was recognised. */
    public record Served(String pod, String container, int port, String how) {}

    /** A workload that owns data pods, with the number of pods its spec asks for. */
    public record Owner(String kind, String name, int replicas, List<String> expectedPods) {}

    /**
     * What was found.
     *
     * @param dataPods the Redis data pods present, by name
     * @param sentinels the Sentinels present (a data pod's sidecar or a pod of its own), by name
     * @param owners the workloads that own the data pods
     * @param missing data pods their owners ask for that do not exist
     * @param selector the label selector that narrowed the search, if any
     * @param ownerOf each data pod's owner, for the pods whose owner was read
     */
    public record Found(List<Served> dataPods, List<Served> sentinels, List<Owner> owners, List<String> missing,
            Optional<String> selector, Map<String, Owner> ownerOf) {

        /**
         * What was found less the {@code pods} set aside (proxies in front of the data pods): their owners go too,
         * unless they also own a pod that stays.
         */
        public Found without(Set<String> pods) {
            List<Served> staying = dataPods.stream().filter(p -> !pods.contains(p.pod())).toList();
            Map<String, Owner> staysOwned = new LinkedHashMap<>(ownerOf);
            staysOwned.keySet().removeAll(pods);
            List<Owner> owning = owners.stream().filter(o -> staysOwned.containsValue(o)).toList();
            return new Found(staying, sentinels, owning, missing, selector, Map.copyOf(staysOwned));
        }

        /** {@code Deployment a-haproxy} for the owners of {@code pods}, or their names when none was read. */
        public String ownersOf(Set<String> pods) {
            List<String> names = pods.stream().map(p -> Optional.ofNullable(ownerOf.get(p))
                    .map(o -> o.kind() + " " + o.name()).orElse(p)).distinct().toList();
            return String.join(", ", names);
        }

        public int expectedDataPods() {
            return Math.max(dataPods.size() + missing.size(),
                    owners.stream().mapToInt(Owner::replicas).sum());
        }

        /** {@code found 3 Redis pods (by container port 6379) owned by StatefulSets a, b; 3 Sentinels}. */
        public String describe() {
            return describe(Optional.empty());
        }

        /**
         * What was found before any pod answered: {@code found 6 pods serving Redis (by container port 6379) owned by
         * Deployment a-haproxy and StatefulSet a-server; 3 Sentinels}, since a proxy in front serves Redis too and is
         * told apart from the data pods only once it answers.
         */
        public String describeServing() {
            return describe(Optional.empty(), dataPods.size() == 1 ? "pod serving Redis" : "pods serving Redis");
        }

        /** The same with the roles the servers gave: {@code ... owned by StatefulSet a: a-0 master, a-1 replica; ...}. */
        public String describe(Optional<String> roles) {
            return describe(roles, "Redis pod" + (dataPods.size() == 1 ? "" : "s"));
        }

        private String describe(Optional<String> roles, String noun) {
            String how = dataPods.stream().map(Served::how).distinct().collect(Collectors.joining(", "));
            Map<String, List<String>> byKind = new LinkedHashMap<>();
            owners.forEach(o -> byKind.computeIfAbsent(o.kind(), k -> new ArrayList<>()).add(o.name()));
            String owned = byKind.isEmpty() ? "" : " owned by " + byKind.entrySet().stream()
                    .map(e -> e.getKey() + (e.getValue().size() > 1 ? "s " : " ") + String.join(", ", e.getValue()))
                    .collect(Collectors.joining(" and "));
            return "found " + dataPods.size() + " " + noun
                    + (how.isEmpty() ? "" : " (by " + how + ")") + owned
                    + selector.map(s -> " matching " + s).orElse("")
                    + roles.map(r -> ": " + r).orElse("")
                    + (sentinels.isEmpty() ? "" : "; " + sentinels.size() + " Sentinel"
                            + (sentinels.size() == 1 ? "" : "s"));
        }
    }

    /**
     * Looks at the pods as last observed; reads each owner once to learn how many pods it asks for.
     *
     * @param known owners read before (by {@code kind/name}), kept across the polls of one wait; updated here
     */
    public static Found find(KubernetesClient client, NamespaceWatch watch, LabelSelector selector,
            Map<String, Owner> known) {
        List<Served> data = new ArrayList<>();
        List<Served> sentinels = new ArrayList<>();
        Predicate<Pod> selected = selector.matcher(client, watch.namespace());
        for (Pod pod : watch.pods()) {
            if (!selected.test(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            redisContainer(pod).ifPresent(data::add);
            sentinelContainer(pod).ifPresent(sentinels::add);
        }
        Map<String, Owner> ownerOf = new LinkedHashMap<>();
        List<Owner> owners = owners(client, watch, data, known, ownerOf);
        Set<String> present = data.stream().map(Served::pod).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> missing = owners.stream().flatMap(o -> o.expectedPods().stream())
                .filter(name -> !present.contains(name)).toList();
        return new Found(List.copyOf(data), List.copyOf(sentinels), owners, missing, selector.text(),
                Map.copyOf(ownerOf));
    }

    public static Optional<Served> redisContainer(Pod pod) {
        String name = pod.getMetadata().getName();
        List<Container> containers = pod.getSpec().getContainers();
        for (Container c : containers) {
            for (ContainerPort p : ports(c)) {
                if (Integer.valueOf(REDIS_PORT).equals(p.getContainerPort())) {
                    return Optional.of(new Served(name, c.getName(), REDIS_PORT, "container port " + REDIS_PORT));
                }
            }
        }
        for (Container c : containers) {
            for (ContainerPort p : ports(c)) {
                if (p.getName() != null && REDIS_PORT_NAMES.contains(p.getName()) && p.getContainerPort() != null) {
                    return Optional.of(new Served(name, c.getName(), p.getContainerPort(), "port name " + p.getName()));
                }
            }
        }
        // an operator's pods may declare no port at all: what the container runs, and the port it is told
        for (Container c : containers) {
            if (ports(c).isEmpty() && runsServer(c) && !runs(c, SENTINEL_PROGRAMS) && !sentinelMode(c)) {
                return Optional.of(new Served(name, c.getName(), portOption(c).orElse(REDIS_PORT),
                        "what the container runs, no port declared"));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the container runs one of {@code programs}: a word of its command line (a path's last part), or the
     * last part of its image's repository ({@code quay.io/acme/redis-sentinel:7} runs {@code redis-sentinel}).
     */
    private static boolean runs(Container c, Set<String> programs) {
        return programs.contains(imageName(c)) || ShellWords.commandLine(c).stream()
                .map(word -> word.substring(word.lastIndexOf('/') + 1)).anyMatch(programs::contains);
    }

    /**
     * A data server: {@code redis-server} or {@code valkey-server} on its command line, or an image named for one
     * ({@code quay.io/acme/redis:7}); a bare word {@code redis} is an argument (a namespace, a host), not a program.
     */
    private static boolean runsServer(Container c) {
        return SERVER_IMAGES.contains(imageName(c)) || runs(c, SERVER_PROGRAMS);
    }

    private static String imageName(Container c) {
        String repository = Optional.ofNullable(c.getImage()).orElse("").replaceFirst("[@:][^/]*$", "");
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    private static boolean sentinelMode(Container c) {
        return ShellWords.commandLine(c).contains("--sentinel");
    }

    /** {@code --port N} on the command line. */
    private static Optional<Integer> portOption(Container c) {
        List<String> words = ShellWords.commandLine(c);
        for (int i = 0; i + 1 < words.size(); i++) {
            if (words.get(i).equals("--port") && words.get(i + 1).matches("\\d{1,5}")) {
                return Optional.of(Integer.parseInt(words.get(i + 1)));
            }
        }
        return Optional.empty();
    }

    public static Optional<Served> sentinelContainer(Pod pod) {
        String name = pod.getMetadata().getName();
        for (Container c : pod.getSpec().getContainers()) {
            for (ContainerPort p : ports(c)) {
                if (Integer.valueOf(SENTINEL_PORT).equals(p.getContainerPort())
                        || p.getName() != null && SENTINEL_PORT_NAMES.contains(p.getName())) {
                    return Optional.of(new Served(name, c.getName(), p.getContainerPort(),
                            "container port " + p.getContainerPort()));
                }
            }
            if ("sentinel".equals(c.getName())) {
                return Optional.of(new Served(name, c.getName(), SENTINEL_PORT, "container name sentinel"));
            }
            if (ports(c).isEmpty() && (runs(c, SENTINEL_PROGRAMS) || runsServer(c) && sentinelMode(c))) {
                return Optional.of(new Served(name, c.getName(), portOption(c).orElse(SENTINEL_PORT),
                        "what the container runs, no port declared"));
            }
        }
        return Optional.empty();
    }

    private static List<ContainerPort> ports(Container c) {
        return c.getPorts() == null ? List.of() : c.getPorts();
    }

    /** The data pods' owners, read once each (kept in {@code known}); each pod's owner is put in {@code ownerOf}. */
    private static List<Owner> owners(KubernetesClient client, NamespaceWatch watch, List<Served> data,
            Map<String, Owner> known, Map<String, Owner> ownerOf) {
        Map<String, Owner> owners = new LinkedHashMap<>();
        String ns = watch.namespace();
        for (Served served : data) {
            Pod pod = watch.pod(served.pod()).orElseThrow();
            for (OwnerReference ref : Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of())) {
                String key = ref.getKind() + "/" + ref.getName();
                if (owners.containsKey(key)) {
                    continue;
                }
                if (known.containsKey(key)) {
                    owners.put(key, known.get(key));
                    continue;
                }
                if ("StatefulSet".equals(ref.getKind())) {
                    StatefulSet sts = client.apps().statefulSets().inNamespace(ns).withName(ref.getName()).get();
                    if (sts != null) {
                        int n = sts.getSpec().getReplicas() == null ? 1 : sts.getSpec().getReplicas();
                        owners.put(key, new Owner("StatefulSet", ref.getName(), n,
                                IntStream.range(0, n).mapToObj(i -> ref.getName() + "-" + i).toList()));
                    }
                } else if ("ReplicaSet".equals(ref.getKind())) {
                    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(ref.getName()).get();
                    Optional<OwnerReference> deployment = rs == null ? Optional.empty()
                            : Optional.ofNullable(rs.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                                    .filter(r -> "Deployment".equals(r.getKind())).findFirst();
                    if (deployment.isPresent()) {
                        Deployment d = client.apps().deployments().inNamespace(ns)
                                .withName(deployment.get().getName()).get();
                        int n = d == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
                        owners.put(key, new Owner("Deployment", deployment.get().getName(), n, List.of()));
                    }
                }
            }
        }
        known.putAll(owners);
        for (Served served : data) {
            watch.pod(served.pod()).map(pod -> pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                    .map(ref -> owners.get(ref.getKind() + "/" + ref.getName())).filter(o -> o != null).findFirst()
                    .ifPresent(owner -> ownerOf.put(served.pod(), owner));
        }
        return List.copyOf(owners.values());
    }
}

package io.github.redishajunit.internal.discovery;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.ReplicationInfo;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * Which data pod is the master, from what each answered ({@code INFO replication}; a pod that did not answer has no
 * entry) and, only when that does not settle it, what the Sentinels name: one server saying {@code role:master} is
 * the master; several (or none): the one most Sentinels name, else the self-declared master listing most replicas,
 * else the node most replicas follow, else the first pod. It asks nothing itself.
 */
@API(status = API.Status.INTERNAL)
public final class MasterElection {

    private MasterElection() {}

    public static <N extends RedisNode> Optional<N> elect(List<N> pods, Map<N, ReplicationInfo> answers,
            Supplier<Optional<N>> sentinelsChoice) {
        List<N> masters = pods.stream().filter(pod -> answers.containsKey(pod) && answers.get(pod).isMaster())
                .toList();
        Optional<N> chosen = masters.size() == 1 ? Optional.of(masters.get(0)) : sentinelsChoice.get();
        return chosen.or(() -> masters.stream().max(Comparator.comparingInt(m -> answers.get(m).replicas().size())))
                .or(() -> mostFollowed(pods, answers))
                .or(() -> pods.stream().findFirst());
    }

    /** The pod the most answering replicas follow ({@link ReplicationInfo#follows}), if any follows one. */
    private static <N extends RedisNode> Optional<N> mostFollowed(List<N> pods, Map<N, ReplicationInfo> answers) {
        Map<N, Long> followers = answers.values().stream()
                .map(info -> pods.stream().filter(info::follows).findFirst().orElse(null))
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(pod -> pod, LinkedHashMap::new, Collectors.counting()));
        return followers.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
    }
}

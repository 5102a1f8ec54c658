package io.github.redishajunit.certification;

import io.github.redishajunit.HACluster;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisPod;
import io.github.redishajunit.assertions.RedisHAErrorMessageFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.api.Fail;

/**
 * Where pods carry a role label (operators move them after a failover: OT's {@code redis-role}, spotahome's {@code
 * redisfailovers-role}, Bitnami's {@code isMaster}, the older chart's {@code role}), the label agrees with what the
 * server says: a stale label sends clients of a label-selecting Service to a replica.
 */
final class RoleLabelCheck {

    static final List<String> ROLE_LABELS = List.of("redis-role", "redisfailovers-role", "isMaster", "role");
    private static final Set<String> MASTER_VALUES = Set.of("master", "true", "primary");
    private static final Set<String> REPLICA_VALUES = Set.of("slave", "replica", "false");

    private RoleLabelCheck() {}

    /** What the labels said, or an AssertionError naming each pod whose label disagrees with its server. */
    static String run(HACluster cluster) {
        List<String> observed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (RedisNode node : cluster.nodes()) {
            RedisPod pod = (RedisPod) node;
            Map<String, String> labels = Optional.ofNullable(pod.pod()).map(p -> p.getMetadata().getLabels())
                    .orElse(Map.of());
            boolean isMaster = node == cluster.master() || node.name().equals(cluster.master().name());
            for (String key : ROLE_LABELS) {
                String value = labels.get(key);
                if (value == null) {
                    continue;
                }
                String lower = value.toLowerCase(Locale.ROOT);
                if (!MASTER_VALUES.contains(lower) && !REPLICA_VALUES.contains(lower)) {
                    continue; // e.g. role=sentinel, role=cache: not a replication role
                }
                observed.add(node.name() + " " + key + "=" + value);
                if (isMaster != MASTER_VALUES.contains(lower)) {
                    problems.add(node.describe() + " is labelled " + key + "=" + value + " but its server says it is "
                            + (isMaster ? "the master" : "a replica"));
                }
            }
        }
        if (!problems.isEmpty()) {
            Fail.fail(new ShouldHaveRoleLabelsOfItsServers(cluster.location(), problems).create());
        }
        return observed.isEmpty() ? "" : "role labels " + String.join(", ", observed);
    }

    static final class ShouldHaveRoleLabelsOfItsServers extends RedisHAErrorMessageFactory {
        ShouldHaveRoleLabelsOfItsServers(String location, List<String> problems) {
            super(location, "to have the role labels of its pods (" + String.join(", ", ROLE_LABELS)
                    + ") agree with the roles its servers report", String.join("\nand ", problems));
        }
    }
}

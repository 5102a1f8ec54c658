package io.github.redishajunit.internal.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.ReplicationInfo;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which pod is the master, from the answers alone: the election asks nothing, so every case is a table. */
class MasterElectionTest {

    private final Node a = new Node("redis-0", "10.0.0.1");
    private final Node b = new Node("redis-1", "10.0.0.2");
    private final Node c = new Node("redis-2", "10.0.0.3");
    private final List<Node> pods = List.of(a, b, c);
    private final AtomicInteger sentinelsAsked = new AtomicInteger();

    @Test
    void theOneServerThatSaysMasterIsTheMasterWithoutAskingTheSentinels() {
        Map<Node, ReplicationInfo> answers = answers(a, replicaOf(b), b, master(1), c, replicaOf(b));

        assertThat(MasterElection.elect(pods, answers, () -> sentinels(Optional.of(c)))).contains(b);
        assertThat(sentinelsAsked).hasValue(0);
    }

    @Test
    void twoSelfDeclaredMastersAreSettledByTheSentinelsElseByTheReplicasTheyList() {
        Map<Node, ReplicationInfo> answers = answers(a, master(0), b, master(2), c, replicaOf(b));

        assertThat(MasterElection.elect(pods, answers, () -> sentinels(Optional.of(a)))).contains(a);
        assertThat(MasterElection.elect(pods, answers, () -> sentinels(Optional.empty()))).contains(b);
        assertThat(sentinelsAsked).hasValue(2);
    }

    @Test
    void withoutAnyMasterTheNodeMostReplicasFollowIsIt() {
        Map<Node, ReplicationInfo> answers = answers(a, replicaOf(c), b, replicaOf(c));

        assertThat(MasterElection.elect(pods, answers, () -> sentinels(Optional.empty()))).contains(c);
    }

    @Test
    void withNoAnswerAtAllTheFirstPodStandsInAndNoPodsElectNobody() {
        assertThat(MasterElection.elect(pods, Map.of(), () -> sentinels(Optional.empty()))).contains(a);
        assertThat(MasterElection.<Node>elect(List.of(), Map.of(), Optional::empty)).isEmpty();
    }

    private Optional<Node> sentinels(Optional<Node> choice) {
        sentinelsAsked.incrementAndGet();
        return choice;
    }

    private static ReplicationInfo master(int replicas) {
        StringBuilder info = new StringBuilder("role:master\r\nconnected_slaves:" + replicas + "\r\n");
        for (int i = 0; i < replicas; i++) {
            info.append("slave").append(i).append(":ip=10.0.1.").append(i)
                    .append(",port=6379,state=online,offset=1,lag=0\r\n");
        }
        return ReplicationInfo.parse(info.toString());
    }

    private ReplicationInfo replicaOf(Node node) {
        return ReplicationInfo.parse("role:slave\r\nmaster_host:" + node.name() + ".redis-headless\r\n"
                + "master_port:6379\r\nmaster_link_status:up\r\n");
    }

    private static Map<Node, ReplicationInfo> answers(Object... nodeThenInfo) {
        Map<Node, ReplicationInfo> answers = new LinkedHashMap<>();
        for (int i = 0; i < nodeThenInfo.length; i += 2) {
            answers.put((Node) nodeThenInfo[i], (ReplicationInfo) nodeThenInfo[i + 1]);
        }
        return answers;
    }

    /** A data pod as the election sees it: a name and an address (it is never connected to). */
    private record Node(String name, String hostAddress) implements RedisNode {

        @Override
        public Role role() {
            return Role.REPLICA;
        }

        @Override
        public Endpoint endpoint() {
            return new Endpoint(hostAddress, 6379);
        }

        @Override
        public StatefulRedisConnection<String, String> connection() {
            throw new IllegalStateException("the election never connects");
        }

        @Override
        public List<String> logs() {
            return List.of();
        }
    }
}

package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.RedisHAAssertions.assertReplicationUp;
import static io.github.redishajunit.assertions.RedisHAAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replication step's wording, over stub nodes named like pods whose INFO replies are canned (shaped like the
 * captured 7.0.15 replies); CONFIG is refused, so replicas are expected under their pod IP and port.
 */
class ReplicationCheckTest {

    private static final String LOCATION = "namespace rha-replicationit-x7k2q";
    private static final String REPLID = "caf648b66d4621773531e49dc1955eb3ceaf049f";

    @Test
    void aReplicaWithItsLinkDownReadsLikeTheStyleGuide() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0");
        StubNode slave0 = replica("redis-slave-0", "10.244.0.11", linkUp(20));
        StubNode slave1 = replica("redis-slave-1", "10.244.0.12", String.join("\r\n",
                "# Replication", "role:slave", "master_host:redis-master-0.redis-headless", "master_port:6379",
                "master_link_status:down", "master_last_io_seconds_ago:-1", "master_sync_in_progress:0",
                "slave_read_repl_offset:1", "slave_repl_offset:1", "master_link_down_since_seconds:-1",
                "slave_priority:100", "slave_read_only:1", "replica_announced:1", "connected_slaves:0",
                "master_replid:" + REPLID, "master_repl_offset:1", ""));

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master, slave0, slave1)))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""

                        Expecting Redis HA cluster in namespace rha-replicationit-x7k2q
                        to have its master redis-master-0 (10.244.0.10:6379) list 2 replicas with state=online
                        but it listed (connected_slaves:1):
                          10.244.0.11:6379 state=online offset=20 lag=0
                        and not online:
                          redis-slave-1 announced as 10.244.0.12:6379: not listed

                        Expecting Redis HA cluster in namespace rha-replicationit-x7k2q
                        to have 2 replicas with role:slave, master_link_status:up and master_sync_in_progress:0
                        but redis-slave-1 (10.244.0.12:6379) reported:
                          role:slave  master_host:redis-master-0.redis-headless  master_port:6379  master_link_status:down
                          master_last_io_seconds_ago:-1  master_sync_in_progress:0  master_link_down_since_seconds:-1  slave_repl_offset:1
                          connected_slaves:0""");
    }

    @Test
    void aReplicaStillSyncingIsListedButNotOnline() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=wait_bgsave,offset=0,lag=0");
        StubNode slave1 = replica("redis-slave-1", "10.244.0.12", inSync());

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master, replica("redis-slave-0", "10.244.0.11",
                linkUp(20)), slave1)))
                .hasMessageContaining("and not online:\n  redis-slave-1 announced as 10.244.0.12:6379: state=wait_bgsave")
                .hasMessageContaining("master_link_status:down\n  master_last_io_seconds_ago:1  master_sync_in_progress:1");
    }

    @Test
    void aReplicaFollowingAnotherMasterIsNamedWithItsMaster() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=online,offset=20,lag=0");
        StubNode stranger = replica("redis-slave-1", "10.244.0.12",
                linkUp(20).replace("master_replid:" + REPLID, "master_replid:1793eddd62d97e4be062410c0016108ccfbbd334")
                        .replace("master_host:redis-master-0.redis-headless", "master_host:10.244.0.99"));

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master, replica("redis-slave-0", "10.244.0.11",
                linkUp(20)), stranger)))
                .hasMessage("\nExpecting Redis HA cluster in " + LOCATION + "\n"
                        + "to have every replica follow its master redis-master-0 (10.244.0.10:6379) (master_replid:"
                        + REPLID + ")\n"
                        + "but redis-slave-1 (10.244.0.12:6379) follows master_host:master_port 10.244.0.99:6379 with"
                        + " master_replid:1793eddd62d97e4be062410c0016108ccfbbd334");
    }

    @Test
    void aMasterThatIsNoMasterSaysWhatItIs() {
        StubNode master = new StubNode("redis-master-0", RedisNode.Role.MASTER, "10.244.0.10",
                new Endpoint("127.0.0.1", 16380), linkUp(20));

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master)))
                .hasMessage("\nExpecting Redis HA cluster in " + LOCATION + "\n"
                        + "to have its master redis-master-0 (10.244.0.10:6379) report role:master\n"
                        + "but it reported:\n"
                        + "  role:slave  master_host:redis-master-0.redis-headless  master_port:6379  master_link_status:up\n"
                        + "  connected_slaves:0  master_replid:" + REPLID);
    }

    @Test
    void aReplicaBehindTheMastersOffsetSnapshotFailsTheUnboundedForm() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=online,offset=14,lag=0");

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master,
                replica("redis-slave-0", "10.244.0.11", linkUp(20)), replica("redis-slave-1", "10.244.0.12", linkUp(14)))))
                .hasMessage("\nExpecting Redis HA cluster in " + LOCATION + "\n"
                        + "to have every replica's slave_repl_offset reach the master's master_repl_offset:20"
                        + " (read before the replicas)\n"
                        + "but redis-slave-1 (10.244.0.12:6379) reported slave_repl_offset:14 (6 bytes behind)");
    }

    @Test
    void theBoundedFormPollsOnlyTheOffsetsUntilTheyCatchUp() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=online,offset=14,lag=0");
        StubNode lagging = replica("redis-slave-1", "10.244.0.12", linkUp(14), linkUp(14), linkUp(17), linkUp(26));

        ReplicationStatus status = assertReplicationUp(new StubTopology(master,
                replica("redis-slave-0", "10.244.0.11", linkUp(20)), lagging), Duration.ofSeconds(5));

        assertThat(status.masterOffsetSnapshot()).isEqualTo(20);
        assertThat(status.replicas().get(1).processedOffset()).hasValue(26);
        assertThat(master.reads).as("INFO reads of the master").isEqualTo(1);
    }

    @Test
    void theBoundedFormNamesTheLaggingReplicaAndTheBound() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=online,offset=14,lag=0");

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master,
                replica("redis-slave-0", "10.244.0.11", linkUp(20)), replica("redis-slave-1", "10.244.0.12", linkUp(14))),
                Duration.ofMillis(200)))
                .hasMessageEndingWith("to have every replica's slave_repl_offset reach the master's"
                        + " master_repl_offset:20 (read before the replicas) within PT0.2S\n"
                        + "but redis-slave-1 (10.244.0.12:6379) reported slave_repl_offset:14 (6 bytes behind)");
    }

    @Test
    void theFluentFormDescribesEveryFailureOnce() {
        StubNode master = master(20);

        assertThatThrownBy(() -> assertThat(new StubTopology(master, replica("redis-slave-0", "10.244.0.11",
                linkUp(20).replace("role:slave", "role:master")))).as("step 1").hasReplicationUp())
                .hasMessageStartingWith("[step 1] \nExpecting Redis HA cluster in " + LOCATION + "\nto have its master")
                .hasMessageContaining("\n\nExpecting Redis HA cluster in " + LOCATION + "\nto have 1 replicas with role:slave")
                .satisfies(error -> assertThat(error.getMessage().split("\\[step 1]", -1)).hasSize(2));
    }

    @Test
    void theBoundedFormWaitsWhileAReplicaIsInItsFirstSync() {
        String syncing = masterInfo(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=wait_bgsave,offset=0,lag=0");
        String loading = masterInfo(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=online,offset=20,lag=0");
        StubNode master = new StubNode("redis-master-0", RedisNode.Role.MASTER, "10.244.0.10",
                new Endpoint("127.0.0.1", 16380), syncing, syncing, loading, loading);
        StubNode slave1 = replica("redis-slave-1", "10.244.0.12", inSync(), inSync(), inSync(), linkUp(20));

        ReplicationStatus status = assertReplicationUp(new StubTopology(master,
                replica("redis-slave-0", "10.244.0.11", linkUp(20)), slave1), Duration.ofSeconds(5));

        assertThat(status.replicas().get(1).linkUp()).isTrue();
        assertThat(master.reads).as("INFO reads of the master").isEqualTo(4);
    }

    @Test
    void theBoundedFormNamesASyncStillInProgressAtTheBound() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0",
                "slave1:ip=10.244.0.12,port=6379,state=send_bulk,offset=0,lag=0");
        StubNode slave1 = replica("redis-slave-1", "10.244.0.12", inSync());

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master, replica("redis-slave-0", "10.244.0.11",
                linkUp(20)), slave1), Duration.ofMillis(300)))
                .hasMessageContaining("to have its master redis-master-0 (10.244.0.10:6379) list 2 replicas with"
                        + " state=online within PT0.3S, a sync being in progress\nbut")
                .hasMessageContaining("and not online:\n  redis-slave-1 announced as 10.244.0.12:6379: state=send_bulk")
                .hasMessageContaining("to have 2 replicas with role:slave, master_link_status:up and"
                        + " master_sync_in_progress:0 within PT0.3S, a sync being in progress\nbut redis-slave-1");
        assertThat(master.reads).as("INFO reads of the master").isGreaterThan(1);
    }

    @Test
    void theBoundedFormFailsAtOnceForAReplicaTheMasterDoesNotList() {
        StubNode master = master(20, "slave0:ip=10.244.0.11,port=6379,state=online,offset=20,lag=0");
        StubNode detached = replica("redis-slave-1", "10.244.0.12", linkUp(1).replace("master_link_status:up",
                "master_link_status:down"));

        assertThatThrownBy(() -> assertReplicationUp(new StubTopology(master, replica("redis-slave-0", "10.244.0.11",
                linkUp(20)), detached), Duration.ofSeconds(5)))
                .hasMessageContaining("list 2 replicas with state=online\nbut")
                .hasMessageContaining("redis-slave-1 announced as 10.244.0.12:6379: not listed");
        assertThat(master.reads).as("INFO reads of the master").isEqualTo(1);
    }

    private static StubNode master(long offset, String... replicaLines) {
        return new StubNode("redis-master-0", RedisNode.Role.MASTER, "10.244.0.10", new Endpoint("127.0.0.1", 16380),
                masterInfo(offset, replicaLines));
    }

    private static String masterInfo(long offset, String... replicaLines) {
        StringBuilder info = new StringBuilder("# Replication\r\nrole:master\r\nconnected_slaves:" + replicaLines.length + "\r\n");
        for (String line : replicaLines) {
            info.append(line).append("\r\n");
        }
        info.append("master_failover_state:no-failover\r\nmaster_replid:" + REPLID + "\r\n"
                + "master_replid2:0000000000000000000000000000000000000000\r\nmaster_repl_offset:" + offset + "\r\n");
        return info.toString();
    }

    private static StubNode replica(String name, String podIp, String... infos) {
        return new StubNode(name, RedisNode.Role.REPLICA, podIp, new Endpoint(podIp, 6379), infos);
    }

    /** A replica receiving or loading its first sync: link down, {@code master_sync_in_progress:1}. */
    private static String inSync() {
        return linkUp(0).replace("master_link_status:up", "master_link_status:down")
                .replace("master_sync_in_progress:0", "master_sync_in_progress:1");
    }

    private static String linkUp(long offset) {
        return String.join("\r\n", "# Replication", "role:slave", "master_host:redis-master-0.redis-headless",
                "master_port:6379", "master_link_status:up", "master_last_io_seconds_ago:1", "master_sync_in_progress:0",
                "slave_read_repl_offset:" + offset, "slave_repl_offset:" + offset, "slave_priority:100",
                "slave_read_only:1", "replica_announced:1", "connected_slaves:0", "master_replid:" + REPLID,
                "master_repl_offset:" + offset, "");
    }

    /** Answers INFO with the given replies in turn (the last one from then on); refuses CONFIG (no connection). */
    private static final class StubNode implements RedisNode {

        private final String name;
        private final Role role;
        private final String hostAddress;
        private final Endpoint endpoint;
        private final Deque<String> infos;
        int reads;

        StubNode(String name, Role role, String hostAddress, Endpoint endpoint, String... infos) {
            this.name = name;
            this.role = role;
            this.hostAddress = hostAddress;
            this.endpoint = endpoint;
            this.infos = new ArrayDeque<>(List.of(infos));
        }

        @Override
        public synchronized String info(String section) {
            reads++;
            return infos.size() > 1 ? infos.poll() : infos.peek();
        }

        @Override
        public StatefulRedisConnection<String, String> connection() {
            throw new RedisCommandExecutionException("ERR unknown command 'CONFIG', with args beginning with: ");
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Role role() {
            return role;
        }

        @Override
        public String hostAddress() {
            return hostAddress;
        }

        @Override
        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public Endpoint address() {
            return new Endpoint(hostAddress, 6379);
        }

        @Override
        public List<String> logs() {
            return List.of();
        }
    }

    private record StubTopology(RedisNode master, List<RedisNode> replicas) implements RedisTopology {

        StubTopology(RedisNode master, RedisNode... replicas) {
            this(master, List.of(replicas));
        }

        @Override
        public String location() {
            return LOCATION;
        }

        @Override
        public Optional<Endpoint> externalEndpoint() {
            return Optional.empty();
        }
    }
}

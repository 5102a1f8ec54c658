package io.github.redishajunit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ReplicationInfoTest {

    /** Redis 7.0.15, master with two replicas, as captured (CRLF line ends). */
    static final String MASTER = String.join("\r\n",
            "# Replication",
            "role:master",
            "connected_slaves:2",
            "slave0:ip=127.0.0.1,port=16381,state=online,offset=14,lag=0",
            "slave1:ip=127.0.0.1,port=16382,state=online,offset=14,lag=0",
            "master_failover_state:no-failover",
            "master_replid:caf648b66d4621773531e49dc1955eb3ceaf049f",
            "master_replid2:0000000000000000000000000000000000000000",
            "master_repl_offset:14",
            "second_repl_offset:-1",
            "repl_backlog_active:1",
            "repl_backlog_size:1048576",
            "repl_backlog_first_byte_offset:1",
            "repl_backlog_histlen:14",
            "");

    /** Redis 7.2.6, replica whose master is down, as captured. */
    static final String REPLICA_MASTER_DOWN = String.join("\r\n",
            "# Replication",
            "role:slave",
            "master_host:127.0.0.1",
            "master_port:16385",
            "master_link_status:down",
            "master_last_io_seconds_ago:-1",
            "master_sync_in_progress:0",
            "slave_read_repl_offset:1891",
            "slave_repl_offset:1891",
            "master_link_down_since_seconds:3",
            "slave_priority:100",
            "slave_read_only:1",
            "");

    /** Valkey 8.1.1, master with two replicas, as captured: still role:master and slaveN, each with type=replica. */
    static final String VALKEY_MASTER = String.join("\r\n",
            "# Replication",
            "role:master",
            "connected_slaves:2",
            "slave0:ip=127.0.0.1,port=27501,state=online,offset=0,lag=0,type=replica",
            "slave1:ip=127.0.0.1,port=27502,state=online,offset=0,lag=0,type=replica",
            "replicas_waiting_psync:0",
            "master_failover_state:no-failover",
            "master_replid:ce54dc095711158f337488e71ea05de1e3a9f41c",
            "master_replid2:0000000000000000000000000000000000000000",
            "master_repl_offset:0",
            "second_repl_offset:-1",
            "repl_backlog_active:1",
            "repl_backlog_size:10485760",
            "repl_backlog_first_byte_offset:1",
            "repl_backlog_histlen:0",
            "");

    /** Valkey 8.1.1, replica, as captured: role:slave and the master_* and slave_* names, as Redis reports them. */
    static final String VALKEY_REPLICA = String.join("\r\n",
            "# Replication",
            "role:slave",
            "master_host:127.0.0.1",
            "master_port:27500",
            "master_link_status:up",
            "master_last_io_seconds_ago:3",
            "master_sync_in_progress:0",
            "slave_read_repl_offset:0",
            "slave_repl_offset:0",
            "replicas_repl_buffer_size:0",
            "replicas_repl_buffer_peak:0",
            "slave_priority:100",
            "slave_read_only:1",
            "replica_announced:1",
            "connected_slaves:0",
            "replicas_waiting_psync:0",
            "master_failover_state:no-failover",
            "master_replid:ce54dc095711158f337488e71ea05de1e3a9f41c",
            "");

    @Test
    void readsValkeysReplyWithTheSameNames() {
        ReplicationInfo master = ReplicationInfo.parse(VALKEY_MASTER);
        ReplicationInfo replica = ReplicationInfo.parse(VALKEY_REPLICA);

        assertThat(master.isMaster()).isTrue();
        assertThat(master.listedReplicas()).extracting(ReplicationInfo.ListedReplica::address)
                .containsExactly(new Endpoint("127.0.0.1", 27501), new Endpoint("127.0.0.1", 27502));
        assertThat(master.listedReplicas()).allSatisfy(listed -> {
            assertThat(listed.online()).isTrue();
            assertThat(listed.attributes()).containsEntry("type", "replica");
        });
        assertThat(replica.isReplica()).isTrue();
        assertThat(replica.linkUp()).isTrue();
        assertThat(replica.masterAddress()).hasValue("127.0.0.1:27500");
        assertThat(replica.processedOffset()).hasValue(0);
        assertThat(replica.masterReplid()).isEqualTo(master.masterReplid());
    }

    @Test
    void parsesTheMasterAndKeysReplicasByAddress() {
        ReplicationInfo info = ReplicationInfo.parse(MASTER);

        assertThat(info.isMaster()).isTrue();
        assertThat(info.masterReplid()).hasValue("caf648b66d4621773531e49dc1955eb3ceaf049f");
        assertThat(info.masterReplOffset()).hasValue(14);
        assertThat(info.number("second_repl_offset")).hasValue(-1);
        assertThat(info.replicas()).containsOnlyKeys(new Endpoint("127.0.0.1", 16381), new Endpoint("127.0.0.1", 16382));
        ReplicationInfo.ListedReplica first = info.replicas().get(new Endpoint("127.0.0.1", 16381));
        assertThat(first.name()).isEqualTo("slave0");
        assertThat(first.online()).isTrue();
        assertThat(first.offset()).isEqualTo(14);
        assertThat(first.lag()).isZero();
    }

    @Test
    void swappedSlaveIndexesFindTheSameReplicas() {
        String swapped = MASTER.replace("slave0:ip=127.0.0.1,port=16381", "slaveX:ip=127.0.0.1,port=16381")
                .replace("slave1:ip=127.0.0.1,port=16382", "slave0:ip=127.0.0.1,port=16382")
                .replace("slaveX:", "slave1:");

        ReplicationInfo info = ReplicationInfo.parse(swapped);

        assertThat(info.replicas().get(new Endpoint("127.0.0.1", 16381)).name()).isEqualTo("slave1");
        assertThat(info.replicas().get(new Endpoint("127.0.0.1", 16382)).name()).isEqualTo("slave0");
    }

    @Test
    void parsesAReplicaWhoseMasterIsDown() {
        ReplicationInfo info = ReplicationInfo.parse(REPLICA_MASTER_DOWN);

        assertThat(info.isReplica()).isTrue();
        assertThat(info.masterAddress()).hasValue("127.0.0.1:16385");
        assertThat(info.field("master_link_status")).hasValue("down");
        assertThat(info.number("master_last_io_seconds_ago")).hasValue(-1);
        assertThat(info.processedOffset()).hasValue(1891);
        assertThat(info.masterReplid()).isEmpty();
        assertThat(info.replicas()).isEmpty();
    }

    @Test
    void toleratesBareLineFeedsAndBlankLines() {
        ReplicationInfo info = ReplicationInfo.parse("\n# Replication\nrole:slave\n\nmaster_host:10.0.0.1\nmaster_port:6379\n");

        assertThat(info.masterAddress()).hasValue("10.0.0.1:6379");
    }

    @Test
    void splitsOnTheFirstColonAndFirstEqualsSoIpv6AndHostnamesSurvive() {
        ReplicationInfo info = ReplicationInfo.parse(String.join("\r\n",
                "role:master",
                "connected_slaves:2",
                "slave0:ip=::1,port=6380,state=online,offset=7,lag=1",
                "replica1:ip=redis-slave-1.redis-headless.rha-x.svc.cluster.local,port=6379,state=wait_bgsave,offset=0,lag=0",
                "master_host_note:a:b=c"));

        assertThat(info.replicas()).containsOnlyKeys(new Endpoint("::1", 6380),
                new Endpoint("redis-slave-1.redis-headless.rha-x.svc.cluster.local", 6379));
        assertThat(info.replicas().get(new Endpoint("::1", 6380)).address()).hasToString("[::1]:6380");
        assertThat(info.replicas().get(new Endpoint("redis-slave-1.redis-headless.rha-x.svc.cluster.local", 6379))
                .online()).isFalse();
        assertThat(info.field("master_host_note")).hasValue("a:b=c");
    }

    @Test
    void acceptsReplicaAsRole() {
        assertThat(ReplicationInfo.parse("role:replica\r\n").isReplica()).isTrue();
    }

    @Test
    void rejectsARoleItDoesNotKnow() {
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicationInfo.parse("role:sentinel\r\n"))
                .withMessageStartingWith("expected INFO replication with role master, slave or replica but role was sentinel");
        assertThatIllegalArgumentException().isThrownBy(() -> ReplicationInfo.parse("# Server\r\nredis_version:7.0.15\r\n"))
                .withMessageContaining("but role was null");
    }
}

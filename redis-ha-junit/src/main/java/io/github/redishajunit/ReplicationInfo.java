package io.github.redishajunit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * One node's reply to {@code INFO replication}, parsed the way Redis's own tests read it: every {@code field:value}
 * line, plus a master's {@code slaveN:} lines keyed by the replica's announced {@code ip:port} (never by the {@code
 * N}, which changes when replicas reconnect). The one model of replication state: every check, readiness and the
 * certification report read it; {@link RedisNode#replication()} parses it once per observation.
 *
 * @param role {@code master}, {@code slave} or {@code replica}, as reported
 * @param fields every {@code field:value} line, in reply order (the {@code slaveN} lines included, raw)
 * @param replicas a master's replica lines, keyed by announced address, in reply order; empty on a replica
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ReplicationInfo(String role, Map<String, String> fields, Map<Endpoint, ListedReplica> replicas) {

    private static final Pattern REPLICA_LINE = Pattern.compile("(slave|replica)\\d+");

    public ReplicationInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        replicas = Collections.unmodifiableMap(new LinkedHashMap<>(replicas));
    }

    /**
     * Parses {@code INFO replication} (or a whole {@code INFO}): lines split on CRLF or LF, blank lines and {@code #}
     * headers skipped, each line split on its first {@code :} only (values may hold IPv6 addresses).
     *
     * @throws IllegalArgumentException when the reply has no {@code role} or one other than master, slave, replica
     */
    public static ReplicationInfo parse(String info) {
        Map<String, String> fields = InfoFields.parse(info);
        Map<Endpoint, ListedReplica> replicas = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (REPLICA_LINE.matcher(name).matches()) {
                ListedReplica replica = ListedReplica.parse(name, value);
                replicas.put(replica.address(), replica);
            }
        });
        String role = fields.get("role");
        if (role == null || !(role.equals("master") || role.equals("slave") || role.equals("replica"))) {
            throw new IllegalArgumentException(
                    "expected INFO replication with role master, slave or replica but role was " + role + " in:\n"
                            + info);
        }
        return new ReplicationInfo(role, fields, replicas);
    }

    public boolean isMaster() {
        return role.equals("master");
    }

    public boolean isReplica() {
        return !isMaster();
    }

    public Optional<String> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** A numeric field; {@code -1} is a value Redis uses ("never", "none"), returned as is. */
    public OptionalLong number(String name) {
        String value = fields.get(name);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public Optional<String> masterReplid() {
        return field("master_replid");
    }

    public OptionalLong masterReplOffset() {
        return number("master_repl_offset");
    }

    /** What a replica has processed: {@code slave_repl_offset}, or {@code master_repl_offset} if absent. */
    public OptionalLong processedOffset() {
        OptionalLong replicaOffset = number("slave_repl_offset");
        return replicaOffset.isPresent() ? replicaOffset : masterReplOffset();
    }

    /**
     * Whether this replica's {@code master_host}/{@code master_port} name {@code node} (as {@link RedisNode#isAt}
     * tells): the one reading of "follows this node".
     */
    public boolean follows(RedisNode node) {
        return field("master_host").map(host -> node.isAt(host, (int) number("master_port").orElse(-1)))
                .orElse(false);
    }

    /** The master a replica is configured to follow, {@code master_host:master_port}, if it reports one. */
    public Optional<String> masterAddress() {
        return field("master_host").map(host -> host + ":" + field("master_port").orElse("?"));
    }

    /** A replica's {@code master_link_status}. */
    public Optional<String> linkStatus() {
        return field("master_link_status");
    }

    /** A replica with {@code master_link_status:up} and {@code master_sync_in_progress:0}. */
    public boolean linkUp() {
        return isReplica() && "up".equals(fields.get("master_link_status"))
                && "0".equals(fields.get("master_sync_in_progress"));
    }

    /** The master's replica lines in reply order. */
    public List<ListedReplica> listedReplicas() {
        return List.copyOf(replicas.values());
    }

    /** The replica a master lists at {@code address}, if it lists it. */
    public Optional<ListedReplica> listed(Endpoint address) {
        return Optional.ofNullable(replicas.get(address));
    }

    /**
     * One {@code slaveN:ip=…,port=…,state=…,offset=…,lag=…} line of a master.
     *
     * @param name {@code slaveN}, which changes when replicas reconnect: match lines by {@link #address()}
     * @param lag seconds since the replica's last {@code REPLCONF ACK}
     * @param attributes every {@code key=value} pair, split on the first {@code =}
     */
    public record ListedReplica(String name, Endpoint address, String state, long offset, long lag,
            Map<String, String> attributes) {

        public ListedReplica {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        static ListedReplica parse(String name, String value) {
            Map<String, String> attributes = new LinkedHashMap<>();
            for (String pair : value.split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    attributes.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
            String ip = attributes.get("ip");
            String port = attributes.get("port");
            if (ip == null || port == null) {
                throw new IllegalArgumentException("expected ip= and port= in " + name + ":" + value);
            }
            return new ListedReplica(name, new Endpoint(ip, Integer.parseInt(port)),
                    attributes.getOrDefault("state", "unknown"), parseLong(attributes.get("offset")),
                    parseLong(attributes.get("lag")), attributes);
        }

        private static long parseLong(String value) {
            return value == null ? -1 : Long.parseLong(value);
        }

        public boolean online() {
            return "online".equals(state);
        }

        /** As failure messages show it: {@code 10.244.0.12:6379 state=online offset=14 lag=0}. */
        @Override
        public String toString() {
            return address + " state=" + state + " offset=" + offset + " lag=" + lag;
        }
    }
}

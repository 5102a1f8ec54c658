package io.github.redishajunit.internal;

import io.github.redishajunit.Endpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The reply to {@code INFO replication}, parsed the way Redis's own tests read it: every {@code field:value}
 * line, plus the master's {@code slaveN:} lines keyed by the replica's announced {@code ip:port} (never by
 * the {@code N}, which changes when replicas reconnect).
 *
 * @param role {@code master}, {@code slave} or {@code replica}, as reported
 * @param fields every {@code field:value} line, in reply order (the {@code slaveN} lines included, raw)
 * @param replicas the master's replica lines, keyed by announced address; empty on a replica
 */
public record ReplicationInfo(String role, Map<String, String> fields, Map<Endpoint, ReplicaLine> replicas) {

    private static final Pattern REPLICA_LINE = Pattern.compile("(slave|replica)\\d+");

    public ReplicationInfo {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        replicas = Collections.unmodifiableMap(new LinkedHashMap<>(replicas));
    }

    /**
     * Parses {@code INFO replication} (or a whole {@code INFO}): lines split on CRLF or LF, blank lines and
     * {@code #} headers skipped, each line split on its first {@code :} only (values may hold IPv6 addresses).
     *
     * @throws IllegalArgumentException when the reply has no {@code role} or one other than master, slave, replica
     */
    public static ReplicationInfo parse(String info) {
        Map<String, String> fields = InfoFields.parse(info);
        Map<Endpoint, ReplicaLine> replicas = new LinkedHashMap<>();
        fields.forEach((name, value) -> {
            if (REPLICA_LINE.matcher(name).matches()) {
                ReplicaLine replica = ReplicaLine.parse(name, value);
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

    /** The master a replica is configured to follow, {@code master_host:master_port}, if it reports one. */
    public Optional<String> masterAddress() {
        return field("master_host").map(host -> host + ":" + field("master_port").orElse("?"));
    }

    /**
     * One {@code slaveN:ip=…,port=…,state=…,offset=…,lag=…} line of a master.
     *
     * @param attributes every {@code key=value} pair, split on the first {@code =}
     */
    public record ReplicaLine(String name, String ip, int port, String state, long offset, long lag,
            Map<String, String> attributes) {

        public ReplicaLine {
            attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        }

        static ReplicaLine parse(String name, String value) {
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
            return new ReplicaLine(name, ip, Integer.parseInt(port), attributes.getOrDefault("state", "unknown"),
                    parseLong(attributes.get("offset")), parseLong(attributes.get("lag")), attributes);
        }

        private static long parseLong(String value) {
            return value == null ? -1 : Long.parseLong(value);
        }

        public Endpoint address() {
            return new Endpoint(ip, port);
        }

        public boolean online() {
            return "online".equals(state);
        }

        @Override
        public String toString() {
            return name + ":" + String.join(",", attributes.entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).toList());
        }
    }
}

package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One replica's {@code INFO replication}, as observed.
 *
 * @param node the node (pod) name
 * @param endpoint its address as its peers reach it ({@link io.github.redishajunit.RedisNode#address()}: the pod IP
 *     and Redis port; for a plain endpoint, the endpoint)
 * @param announcedAs the address the master should list it under ({@code replica-announce-ip}/{@code -port}, or
 *     its host address and port)
 * @param info every {@code field:value} of its {@code INFO replication}; empty if it did not answer
 * @param error why it could not be read, or {@code null}
 */
public record ReplicaStatus(String node, Endpoint endpoint, Endpoint announcedAs, Map<String, String> info,
        String error) {

    public ReplicaStatus {
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
    }

    public boolean answered() {
        return error == null;
    }

    public Optional<String> role() {
        return Optional.ofNullable(info.get("role"));
    }

    public Optional<String> linkStatus() {
        return Optional.ofNullable(info.get("master_link_status"));
    }

    /** {@code master_host:master_port}, the master it is configured to follow. */
    public Optional<String> master() {
        return Optional.ofNullable(info.get("master_host")).map(host -> host + ":" + info.get("master_port"));
    }

    public Optional<String> replid() {
        return Optional.ofNullable(info.get("master_replid"));
    }

    /** {@code slave_repl_offset}, or {@code master_repl_offset} when the former is absent. */
    public OptionalLong processedOffset() {
        String offset = info.getOrDefault("slave_repl_offset", info.get("master_repl_offset"));
        return offset == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(offset));
    }

    /** {@code role:slave}, {@code master_link_status:up} and {@code master_sync_in_progress:0}. */
    public boolean linkUp() {
        return answered()
                && ("slave".equals(info.get("role")) || "replica".equals(info.get("role")))
                && "up".equals(info.get("master_link_status"))
                && "0".equals(info.get("master_sync_in_progress"));
    }
}

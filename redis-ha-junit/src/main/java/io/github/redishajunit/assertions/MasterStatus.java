package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.util.List;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The master's {@code INFO replication}, as observed.
 *
 * @param node the node (pod) name
 * @param endpoint its address as its peers reach it ({@link io.github.redishajunit.RedisNode#address()}: the pod IP
 *     and Redis port; for a plain endpoint, the endpoint)
 * @param info every {@code field:value} of its {@code INFO replication}; empty if it did not answer
 * @param listedReplicas its {@code slaveN:} lines in reply order; match them by {@code address()}, never by {@code N}
 * @param error why it could not be read, or {@code null}
 */
public record MasterStatus(String node, Endpoint endpoint, Map<String, String> info,
        List<ListedReplica> listedReplicas, String error) {

    public MasterStatus {
        info = Collections.unmodifiableMap(new LinkedHashMap<>(info));
        listedReplicas = List.copyOf(listedReplicas);
    }

    public Optional<String> role() {
        return Optional.ofNullable(info.get("role"));
    }

    public Optional<String> replid() {
        return Optional.ofNullable(info.get("master_replid"));
    }

    public boolean answered() {
        return error == null;
    }

    /** The listed replica at {@code address}, if the master lists it. */
    public Optional<ListedReplica> listed(Endpoint address) {
        return listedReplicas.stream().filter(replica -> replica.address().equals(address)).findFirst();
    }

    /**
     * One {@code slaveN:ip=…,port=…,state=…,offset=…,lag=…} line of the master.
     *
     * @param lagSeconds seconds since the replica's last {@code REPLCONF ACK}
     */
    public record ListedReplica(Endpoint address, String state, long offset, long lagSeconds) {

        public boolean online() {
            return "online".equals(state);
        }

        @Override
        public String toString() {
            return address + " state=" + state + " offset=" + offset + " lag=" + lagSeconds;
        }
    }
}

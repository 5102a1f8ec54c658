package io.github.redishajunit;

import org.apiguardian.api.API;

/**
 * A Redis HA stack could not be provisioned or never replicated. The message carries the evidence: a pod table,
 * recent events, log tails and {@code INFO replication} of each node, the {@code kubectl} command to inspect the
 * namespace if it was kept, and where the evidence was written.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class RedisHAProvisioningException extends RuntimeException {

    public RedisHAProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }
}

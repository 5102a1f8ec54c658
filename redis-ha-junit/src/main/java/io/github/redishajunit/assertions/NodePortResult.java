package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What the NodePort step observed through the external endpoint.
 *
 * @param endpoint the external endpoint connected to
 * @param pong the reply to PING
 * @param pingRoundTrip how long PING took
 * @param role the {@code role} its {@code INFO replication} reported
 * @param replid its {@code master_replid}, equal to the master's
 * @param writeVisibleOnMaster whether a key SET through it was read back on the master's own connection
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record NodePortResult(Endpoint endpoint, String pong, Duration pingRoundTrip, String role, String replid,
        boolean writeVisibleOnMaster) {}

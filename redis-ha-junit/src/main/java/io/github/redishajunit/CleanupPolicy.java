package io.github.redishajunit;

import org.apiguardian.api.API;

/**
 * What {@link RedisHACluster @RedisHACluster} does with what it provisioned when its scope ends.
 *
 * <p>Nothing is ever deleted that the extension did not create: in attach mode ({@code provision = false}) the
 * policy only decides whether connections and port-forwards are closed, which they always are.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public enum CleanupPolicy {

    /**
     * Placeholder meaning "use the configuration parameter {@value RedisHACluster#CLEANUP_KEY}, else {@link
     * #ON_SUCCESS}".
     */
    DEFAULT,

    /** Always delete what was provisioned, whether the tests in scope passed or failed. */
    ALWAYS,

    /**
     * Delete what was provisioned when everything in scope passed; keep the namespace when anything failed, and
     * log the {@code kubectl} commands to inspect and delete it. The built-in default.
     */
    ON_SUCCESS,

    /** Never delete anything; log the {@code kubectl} command to delete it later. */
    NEVER
}

package io.github.redishajunit.drills;

import org.apiguardian.api.API;

/**
 * An application's own write, run by a drill in place of the library's writer: it stores {@code value} under {@code
 * key} (database 0) through the application's client or service, as the application writes in production, and
 * returns once the application saw the write acknowledged. A drill calls it at its rate on one thread of its own,
 * before and during the disruption, and then checks through the library's own connection that every write it saw
 * acknowledged is on the master and on every replica.
 *
 * <p>Whatever it throws is a write that failed, never a crash of the drill: a timeout (its class or a cause's named
 * {@code ...Timeout...}, as Lettuce's {@code RedisCommandTimeoutException}, Jedis's read timeout or a {@code
 * SocketTimeoutException}) counts as unconfirmed (the server may have applied it; missing afterwards, it is no loss,
 * since the application never saw it acknowledged), anything else as failed.
 *
 * <pre>{@code
 * RedisHADrills.on(cluster).workload((key, value) -> app.sync().set(key, value)).masterPodDeleted();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.6.0")
@FunctionalInterface
public interface Workload {

    /**
     * Writes {@code value} under {@code key} through the application.
     *
     * @throws Exception when the application saw the write fail
     */
    void write(String key, String value) throws Exception;
}

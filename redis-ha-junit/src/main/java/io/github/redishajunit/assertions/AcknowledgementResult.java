package io.github.redishajunit.assertions;

import java.time.Duration;
import org.apiguardian.api.API;

/**
 * What the acknowledgement step observed: {@code WAIT replicas timeout} after a SET on the same connection.
 *
 * @param key the key written (deleted again afterwards)
 * @param replicas how many replicas had to acknowledge
 * @param acknowledged how many did, as WAIT returned it
 * @param timeout WAIT's timeout
 * @param elapsed how long WAIT took
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record AcknowledgementResult(String key, int replicas, long acknowledged, Duration timeout, Duration elapsed) {}

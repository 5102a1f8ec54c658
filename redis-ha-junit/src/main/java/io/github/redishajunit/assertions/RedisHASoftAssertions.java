package io.github.redishajunit.assertions;

import io.github.redishajunit.RedisTopology;
import org.apiguardian.api.API;
import org.assertj.core.api.AbstractSoftAssertions;

/**
 * Soft form of {@link RedisTopologyAssert}: every step runs, and the failures are collected instead of stopping
 * at the first, as a certification run wants.
 *
 * <pre>{@code
 * RedisHASoftAssertions softly = new RedisHASoftAssertions();
 * softly.assertThat(cluster).hasReplicationUp(Duration.ofSeconds(5));
 * softly.assertThat(cluster).hasCleanLogs();
 * softly.assertAll();
 * }</pre>
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public class RedisHASoftAssertions extends AbstractSoftAssertions {

    public RedisTopologyAssert assertThat(RedisTopology topology) {
        return proxy(RedisTopologyAssert.class, RedisTopology.class, topology);
    }
}

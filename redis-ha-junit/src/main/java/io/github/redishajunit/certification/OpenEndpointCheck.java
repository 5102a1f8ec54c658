package io.github.redishajunit.certification;

import static io.github.redishajunit.assertions.RedisHAAssertions.pingWithoutPassword;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import java.util.Optional;

/**
 * Step 4b on a stack without AUTH: whether its external endpoint lets anyone in. Without an external endpoint only
 * what runs in the cluster reaches Redis; an endpoint that answers PONG without a password is a warning ({@code
 * --strict} fails it).
 *
 * @param observed what the step saw
 * @param warning the warning, when the endpoint answers without a password
 */
record OpenEndpointCheck(String observed, Optional<String> warning) {

    static OpenEndpointCheck run(HACluster cluster) {
        Optional<Endpoint> external = cluster.externalEndpoint();
        if (external.isEmpty()) {
            return new OpenEndpointCheck("AUTH off; no external endpoint, so only what runs in the cluster reaches"
                    + " Redis", Optional.empty());
        }
        String reply = pingWithoutPassword(external.get());
        if (!"PONG".equals(reply)) {
            return new OpenEndpointCheck("AUTH off; the external endpoint " + external.get() + " answers " + reply,
                    Optional.empty());
        }
        return new OpenEndpointCheck("AUTH off; " + external.get() + " answered PONG without a password",
                Optional.of("the external endpoint " + external.get() + " reaches Redis without a password (AUTH is"
                        + " off): anyone who reaches the node reads and writes the data (turn AUTH on; --strict fails"
                        + " on this)"));
    }
}

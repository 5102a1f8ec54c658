package io.github.redishajunit.certification;

import static io.github.redishajunit.assertions.RedisHAAssertions.pingWithoutPassword;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.HACluster;
import io.github.redishajunit.TlsSettings;
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
        // a stranger to a TLS stack knows its CA (it is public), not a client certificate the servers accept
        Optional<TlsSettings> tls = cluster.connectionSettings().tls();
        ConnectionSettings stranger = tls.map(t -> ConnectionSettings.defaults().withTls(TlsSettings.trusting(
                t.caPem()))).orElse(ConnectionSettings.defaults());
        String reply = pingWithoutPassword(external.get(), stranger);
        String asWhom = tls.isPresent() ? " to a TLS client without a client certificate" : "";
        if (!"PONG".equals(reply)) {
            return new OpenEndpointCheck("AUTH off; the external endpoint " + external.get() + " answers" + asWhom
                    + " " + reply, Optional.empty());
        }
        return new OpenEndpointCheck("AUTH off; " + external.get() + " answered PONG without a password" + asWhom,
                Optional.of("the external endpoint " + external.get() + " reaches Redis without a password (AUTH is"
                        + " off): anyone who reaches the node reads and writes the data (turn AUTH on; --strict fails"
                        + " on this)"));
    }
}

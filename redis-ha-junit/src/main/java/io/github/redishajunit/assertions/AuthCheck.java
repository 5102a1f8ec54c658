package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldRequireAuth.shouldRequireAuth;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/**
 * AUTH holds: {@code PING} without a password answers {@code NOAUTH} on every node (through the connection this JVM
 * has to it) and on the external endpoint, as Bitnami's chart verification checks. One connection without
 * credentials per endpoint, closed at once.
 */
final class AuthCheck {

    private final RedisTopology topology;
    private final Duration timeout;

    AuthCheck(RedisTopology topology, Duration timeout) {
        this.topology = topology;
        this.timeout = timeout;
    }

    Verdict<AuthResult> run() {
        if (topology.connectionSettings().credentials().isEmpty()) {
            throw new IllegalStateException("the AUTH check needs a topology with credentials, but " + topology.location()
                    + " has none (configure its password, or check that AUTH is off instead)");
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (RedisNode node : topology.nodes()) {
            endpoints.put(node.describe(), node.endpoint());
        }
        Optional<Endpoint> external = topology.externalEndpoint();
        external.ifPresent(e -> endpoints.put("the external endpoint " + e, e));
        Map<String, String> replies = new LinkedHashMap<>();
        Map<String, String> answered = new LinkedHashMap<>();
        ConnectionSettings settings = ConnectionSettings.of(timeout);
        RedisClient client = settings.newClient();
        try {
            endpoints.forEach((name, endpoint) -> {
                String reply = unauthenticatedPing(client, settings, endpoint);
                replies.put(name, reply);
                if (!reply.startsWith("NOAUTH")) {
                    answered.put(name, reply);
                }
            });
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        AuthResult result = new AuthResult(replies);
        return answered.isEmpty() ? Verdict.passed(result)
                : Verdict.failed(result, shouldRequireAuth(topology.location(), endpoints.size(), answered));
    }

    /** What {@code endpoint} answers to {@code PING} without a password: {@code PONG}, or the error's first line. */
    static String unauthenticatedPing(Endpoint endpoint, Duration timeout) {
        ConnectionSettings settings = ConnectionSettings.of(timeout);
        RedisClient client = settings.newClient();
        try {
            return unauthenticatedPing(client, settings, endpoint);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /**
     * The first reply of the server, tried again for at most the timeout while the connection itself fails (a
     * NodePort's connection reset just after it was opened is no answer, neither NOAUTH nor PONG).
     */
    private static String unauthenticatedPing(RedisClient client, ConnectionSettings settings, Endpoint endpoint) {
        AtomicReference<String> transportFailure = new AtomicReference<>();
        try {
            return await("a reply to PING without a password from " + endpoint).atMost(settings.timeout())
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> reply(client, settings, endpoint, transportFailure), Objects::nonNull);
        } catch (ConditionTimeoutException timedOut) {
            return "nothing within " + settings.timeout().toSeconds() + " s (" + transportFailure.get() + ")";
        }
    }

    /** {@code PONG} or the first line of the server's error; null when no server replied (noted in {@code failure}). */
    private static String reply(RedisClient client, ConnectionSettings settings, Endpoint endpoint,
            AtomicReference<String> failure) {
        try (var connection = client.connect(settings.uri(endpoint))) {
            return connection.sync().ping();
        } catch (RedisException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof RedisCommandExecutionException serverError && serverError.getMessage() != null) {
                    return serverError.getMessage().lines().findFirst().orElse(serverError.getMessage());
                }
            }
            failure.set(Errors.describe(e));
            return null;
        }
    }
}

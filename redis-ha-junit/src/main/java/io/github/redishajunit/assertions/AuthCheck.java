package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldReauthenticateAfterFailover.shouldReauthenticateAfterFailover;
import static io.github.redishajunit.assertions.ShouldRequireAuth.shouldRequireAuth;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisTopology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.assertj.core.error.ErrorMessageFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * AUTH holds: {@code PING} without a password answers {@code NOAUTH} on every node (through the connection this JVM
 * has to it) and on the external endpoint, as Bitnami's chart verification checks. One connection without
 * credentials per endpoint, closed at once. And every node's {@code masterauth} is the password clients log in with,
 * so that whichever node a failover promotes, the others can authenticate to it ({@code CONFIG GET}, compared in
 * memory; a node that refuses CONFIG is reported as not checked).
 */
record AuthCheck(RedisTopology topology, Duration timeout) {

    Verdict<AuthResult> run() {
        if (topology.connectionSettings().credentials().isEmpty()) {
            throw new IllegalStateException("the AUTH check needs a topology with credentials, but " + topology.location()
                    + " has none (configure its password, or check that AUTH is off instead)");
        }
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (RedisNode node : topology.nodes()) {
            endpoints.put(node.describe(), node.endpoint());
        }
        for (RedisNode proxy : topology.proxies()) {
            endpoints.put("the proxy " + proxy.describe(), proxy.endpoint());
        }
        Optional<Endpoint> external = topology.externalEndpoint();
        external.ifPresent(e -> endpoints.put("the external endpoint " + e, e));
        Map<String, String> replies = new LinkedHashMap<>();
        Map<String, String> answered = new LinkedHashMap<>();
        ConnectionSettings settings = attempts(timeout, topology.connectionSettings());
        RedisClient client = settings.newClient();
        try {
            endpoints.forEach((name, endpoint) -> {
                String reply = unauthenticatedPing(client, settings, endpoint, timeout);
                replies.put(name, reply);
                if (!reply.startsWith("NOAUTH")) {
                    answered.put(name, reply);
                }
            });
        } finally {
            ClientShutdown.shutdown(client);
        }
        Map<String, String> masterauth = new LinkedHashMap<>();
        Map<String, String> mismatched = new LinkedHashMap<>();
        RedisCredentials credentials = topology.connectionSettings().credentials().get().resolveCredentials()
                .block(timeout);
        // without Sentinels nothing demotes the master on its own: its masterauth matters only to a failover made by
        // hand or by an operator, which can set it first; a replica's matters now (it replicates with it)
        boolean failsOverOnItsOwn = !topology.sentinels().isEmpty();
        Optional<String> warning = Optional.empty();
        for (RedisNode node : topology.nodes()) {
            String finding = masterauth(node, credentials, topology.master());
            masterauth.put(node.describe(), finding);
            if (!finding.startsWith("has ")) {
                continue;
            }
            if (!failsOverOnItsOwn && node.name().equals(topology.master().name())) {
                warning = Optional.of(node.describe() + " " + finding.replaceFirst(": once demoted by a failover.*$",
                        "") + ": nothing in the stack fails over on its own (no Sentinels), so it stays the master;"
                        + " a failover by hand or by an operator must set masterauth on it before demoting it");
            } else {
                mismatched.put(node.describe(), finding);
            }
        }
        AuthResult result = new AuthResult(replies, masterauth, warning);
        List<ErrorMessageFactory> failures = new ArrayList<>();
        if (!answered.isEmpty()) {
            failures.add(shouldRequireAuth(topology.location(), endpoints.size(), answered));
        }
        if (!mismatched.isEmpty()) {
            failures.add(shouldReauthenticateAfterFailover(topology.location(), mismatched));
        }
        return new Verdict<>(result, failures);
    }

    /**
     * What {@code node}'s {@code masterauth} is, compared with the password this JVM logs in with: {@code matches},
     * {@code has no masterauth ...}, {@code has a masterauth that differs ...}, or {@code not checked: ...}.
     */
    private String masterauth(RedisNode node, RedisCredentials credentials, RedisNode master) {
        Map<String, String> config;
        try {
            config = node.connection().sync().configGet("masterauth", "masteruser");
        } catch (RedisException e) {
            return "not checked (CONFIG GET refused: " + Errors.describe(e) + ")";
        }
        String user = credentials.getUsername() == null ? "default" : credentials.getUsername();
        String masteruser = config.getOrDefault("masteruser", "");
        String value = config.getOrDefault("masterauth", "");
        if (!masteruser.isEmpty() && !masteruser.equals(user)) {
            // another ACL user's password: the users are every node's, so it must log in on the master as that user
            if (value.isEmpty()) {
                return "has no masterauth for its masteruser " + masteruser + ": once demoted by a failover it cannot"
                        + " authenticate to the new master";
            }
            String refused = logsIn(master, masteruser, value);
            return refused.isEmpty() ? "its masteruser " + masteruser + " logs in on the master with its masterauth"
                    : "has a masterauth with which its masteruser " + masteruser + " cannot log in on the master ("
                            + refused + "): once demoted by a failover it cannot authenticate to the new master";
        }
        if (!user.equals("default") && masteruser.isEmpty()) {
            return "not checked (its masteruser is unset, this client logs in as " + user + ")";
        }
        if (value.isEmpty()) {
            return "has no masterauth: once demoted by a failover it cannot authenticate to the new master";
        }
        char[] theirs = value.toCharArray();
        boolean same = Arrays.equals(theirs, credentials.getPassword());
        Arrays.fill(theirs, '\0');
        return same ? "matches" : "has a masterauth that differs from the password clients log in with: it cannot"
                + " authenticate to a master that a failover promotes";
    }

    /** Empty when {@code user} logs in on {@code master} with {@code password}, else the server's refusal. */
    private String logsIn(RedisNode master, String user, String password) {
        ConnectionSettings settings = attempts(timeout, topology.connectionSettings()).withCredentials(RedisCredentialsProvider.from(
                () -> RedisCredentials.just(user, password.toCharArray())));
        RedisClient client = settings.newClient();
        try (var connection = client.connect(settings.uri(master.endpoint()))) {
            connection.sync().ping();
            return "";
        } catch (RedisException e) {
            return Errors.describe(e);
        } finally {
            ClientShutdown.shutdown(client);
        }
    }

    /** What {@code endpoint} answers to {@code PING} without a password: {@code PONG}, or the error's first line. */
    static String unauthenticatedPing(Endpoint endpoint, Duration timeout, ConnectionSettings as) {
        ConnectionSettings settings = attempts(timeout, as);
        RedisClient client = settings.newClient();
        try {
            return unauthenticatedPing(client, settings, endpoint, timeout);
        } finally {
            ClientShutdown.shutdown(client);
        }
    }

    /**
     * The settings of one attempt: at most {@link #ATTEMPT} each, so that a connection that stalls (a port-forward's
     * stream that never opened, a NodePort's reset) is tried again within {@code timeout}. No credentials; TLS as
     * {@code stack} speaks it (a TLS-only server closes a plaintext connection before any answer).
     */
    private static ConnectionSettings attempts(Duration timeout, ConnectionSettings stack) {
        ConnectionSettings plain = ConnectionSettings.of(timeout.compareTo(ATTEMPT) < 0 ? timeout : ATTEMPT);
        return stack.tls().map(plain::withTls).orElse(plain);
    }

    /** How long one attempt to connect and get a reply may take before it is tried again. */
    private static final Duration ATTEMPT = Duration.ofSeconds(3);

    /**
     * The first reply of the server, tried again for at most {@code timeout} while the connection itself fails or
     * stalls (a NodePort's connection reset just after it was opened, or a port-forward whose stream to the pod never
     * opened, is no answer, neither NOAUTH nor PONG).
     */
    private static String unauthenticatedPing(RedisClient client, ConnectionSettings settings, Endpoint endpoint,
            Duration timeout) {
        AtomicReference<String> transportFailure = new AtomicReference<>();
        try {
            return await("a reply to PING without a password from " + endpoint).atMost(timeout)
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .until(() -> reply(client, settings, endpoint, transportFailure), Objects::nonNull);
        } catch (ConditionTimeoutException timedOut) {
            return "nothing within " + timeout.toSeconds() + " s (" + transportFailure.get() + ")";
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
                // the server ended the handshake: it requires a client certificate (asking again changes nothing)
                if (t instanceof SSLException refused && refused.getMessage() != null
                        && refused.getMessage().startsWith("Received fatal alert")) {
                    return "no TLS session without a client certificate (" + refused.getMessage() + ")";
                }
            }
            failure.set(Errors.describe(e));
            return null;
        }
    }
}

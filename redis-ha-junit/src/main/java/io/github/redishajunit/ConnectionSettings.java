package io.github.redishajunit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import java.time.Duration;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * How this library connects to a Redis server, the one Lettuce configuration behind every connection it opens: to a
 * pod through its port-forward, to a plain endpoint, to an external endpoint. Connects and commands time out after
 * {@code timeout}; commands sent while a connection is down fail at once instead of queueing; every connection
 * names itself {@value #CLIENT_NAME} ({@code CLIENT LIST} shows it) and authenticates with {@code credentials}.
 *
 * @param timeout connect and command timeout
 * @param credentials a provider, so that no password travels as a string or shows in a message; empty when the
 *     servers need none
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ConnectionSettings(Duration timeout, Optional<RedisCredentialsProvider> credentials) {

    /** The name every connection gives itself ({@code CLIENT SETNAME}). */
    public static final String CLIENT_NAME = "redis-ha-junit";

    public ConnectionSettings {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        requireNonNull(credentials, "credentials");
    }

    /** The timeout unless one is given: long enough for a busy server, short enough to name a frozen one. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    /** {@link #DEFAULT_TIMEOUT}, no credentials. */
    public static ConnectionSettings defaults() {
        return of(DEFAULT_TIMEOUT);
    }

    /** {@code timeout}, no credentials. */
    public static ConnectionSettings of(Duration timeout) {
        return new ConnectionSettings(timeout, Optional.empty());
    }

    public ConnectionSettings withTimeout(Duration newTimeout) {
        return new ConnectionSettings(newTimeout, credentials);
    }

    public ConnectionSettings withCredentials(RedisCredentialsProvider provider) {
        return new ConnectionSettings(timeout, Optional.of(requireNonNull(provider, "provider")));
    }

    /** A Lettuce client with these options; the caller shuts it down. */
    public RedisClient newClient() {
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    /** The URI of {@code endpoint} with these settings. */
    public RedisURI uri(Endpoint endpoint) {
        return uri(RedisURI.Builder.redis(endpoint.host(), endpoint.port()).build());
    }

    /** {@code given} with these settings; credentials in {@code given} itself are kept. */
    public RedisURI uri(RedisURI given) {
        RedisURI.Builder uri = RedisURI.builder(given).withTimeout(timeout).withClientName(CLIENT_NAME);
        credentials.filter(provider -> !hasPassword(given)).ifPresent(uri::withAuthentication);
        return uri.build();
    }

    /** Whether the URI carries a password (Lettuce 7 keeps it behind a credentials provider). */
    static boolean hasPassword(RedisURI uri) {
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        return provider != null && provider.resolveCredentials()
                .blockOptional(Duration.ofSeconds(5))
                .map(credentials -> credentials.hasPassword())
                .orElse(false);
    }

    /** Never shows a password: {@code ConnectionSettings[timeout=PT5S, credentials=set]}. */
    @Override
    public String toString() {
        return "ConnectionSettings[timeout=" + timeout + ", credentials=" + (credentials.isPresent() ? "set" : "none")
                + "]";
    }
}

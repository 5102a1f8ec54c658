package io.github.redishajunit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DnsResolver;
import io.lettuce.core.resource.MappingSocketAddressResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * How this library connects to a Redis server, the one Lettuce configuration behind every connection it opens: to a
 * pod through its port-forward, to a plain endpoint, to an external endpoint. Connects and commands time out after
 * {@code timeout}; commands sent while a connection is down fail at once instead of queueing; every connection
 * names itself {@value #CLIENT_NAME} ({@code CLIENT LIST} shows it) and authenticates with {@code credentials}. With
 * {@code tls}, every connection speaks TLS and checks the server's certificate against the endpoint's
 * {@link Endpoint#serverName() server name} (its host where it has none).
 *
 * @param timeout connect and command timeout
 * @param credentials a provider, so that no password travels as a string or shows in a message; empty when the
 *     servers need none
 * @param tls the CA and client certificate of servers that speak TLS; empty for plaintext
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public record ConnectionSettings(Duration timeout, Optional<RedisCredentialsProvider> credentials,
        Optional<TlsSettings> tls) {

    /**
     * Where a server name is reached (the endpoint's host, an address): a connection goes to that address and checks
     * the certificate against the name, as a hosts file would send it (Lettuce checks the name of the address it
     * connects to).
     */
    private static final Map<String, String> ROUTES = new ConcurrentHashMap<>();

    /** The name every connection gives itself ({@code CLIENT SETNAME}). */
    public static final String CLIENT_NAME = "redis-ha-junit";

    public ConnectionSettings {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive but was " + timeout);
        }
        requireNonNull(credentials, "credentials");
        requireNonNull(tls, "tls");
    }

    public ConnectionSettings(Duration timeout, Optional<RedisCredentialsProvider> credentials) {
        this(timeout, credentials, Optional.empty());
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
        return new ConnectionSettings(newTimeout, credentials, tls);
    }

    public ConnectionSettings withCredentials(RedisCredentialsProvider provider) {
        return new ConnectionSettings(timeout, Optional.of(requireNonNull(provider, "provider")), tls);
    }

    /** These settings, speaking TLS with {@code settings}. */
    public ConnectionSettings withTls(TlsSettings settings) {
        return new ConnectionSettings(timeout, credentials, Optional.of(requireNonNull(settings, "settings")));
    }

    /**
     * A Lettuce client with these options; the caller shuts it down ({@link ClientShutdown}). With TLS it has client
     * resources of its own, whose address resolver sends a server name to the endpoint it was given for.
     */
    public RedisClient newClient() {
        RedisClient client = tls.isEmpty() ? RedisClient.create()
                : RedisClient.create(ClientResources.builder().socketAddressResolver(
                        MappingSocketAddressResolver.create(ConnectionSettings::routed, Function.identity())).build());
        ClientOptions.Builder options = ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
        tls.ifPresent(settings -> options.sslOptions(settings.sslOptions()));
        client.setOptions(options.build());
        return client;
    }

    /**
     * The URI of {@code endpoint} with these settings. With TLS, its host is the endpoint's server name (what the
     * certificate is checked against) and a client of {@link #newClient()} connects to the endpoint's host.
     */
    public RedisURI uri(Endpoint endpoint) {
        if (tls.isPresent() && endpoint.serverName().isPresent()) {
            String name = endpoint.serverName().get();
            ROUTES.put(name, endpoint.host());
            return uri(RedisURI.Builder.redis(name, endpoint.port()).build());
        }
        return uri(RedisURI.Builder.redis(endpoint.host(), endpoint.port()).build());
    }

    /** A routed name: the address it goes to, carrying the name; other names as Lettuce resolves them by default. */
    private static InetAddress[] routed(String name) throws UnknownHostException {
        String host = ROUTES.get(name);
        if (host == null) {
            return DnsResolver.unresolved().resolve(name);
        }
        return new InetAddress[] {InetAddress.getByAddress(name, InetAddress.getByName(host).getAddress())};
    }

    /** {@code given} with these settings; credentials in {@code given} itself are kept. */
    public RedisURI uri(RedisURI given) {
        RedisURI.Builder uri = RedisURI.builder(given).withTimeout(timeout).withClientName(CLIENT_NAME);
        credentials.filter(provider -> !hasPassword(given)).ifPresent(uri::withAuthentication);
        if (tls.isPresent()) {
            uri.withSsl(true).withVerifyPeer(SslVerifyMode.FULL);
        }
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
                + ", tls=" + tls.map(TlsSettings::toString).orElse("none") + "]";
    }
}

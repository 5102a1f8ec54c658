package io.github.redishajunit;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * A {@link RedisTopology} over plain host:port endpoints: a master, its replicas, optionally an external endpoint
 * and log files. It lets the runbook assertions run against any reachable Redis servers, without Kubernetes.
 *
 * <pre>{@code
 * try (RedisEndpoints redis = RedisEndpoints.master("127.0.0.1", 16380)
 *         .replica("127.0.0.1", 16381)
 *         .replica("127.0.0.1", 16382)
 *         .externalEndpoint("127.0.0.1", 16380)
 *         .logFile(new Endpoint("127.0.0.1", 16380), Path.of("master.log"))
 *         .build()) {
 *     RedisHAAssertions.assertReplicationUp(redis);
 * }
 * }</pre>
 *
 * Nodes are named {@code host:port}; a node's {@link RedisNode#hostAddress()} is its endpoint's host. Each node's
 * connection is opened on first use and closed by {@link #close()}, with the Lettuce client. A password given to
 * the builder (or in the master's {@link RedisURI}) is used for every node and the external endpoint, and never
 * appears in {@link #toString()} or any message.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class RedisEndpoints implements RedisTopology, AutoCloseable {

    private final String location;
    private final RedisClient client;
    private final EndpointNode master;
    private final List<RedisNode> replicas;
    private final Endpoint externalEndpoint;
    private final ConnectionSettings settings;

    private RedisEndpoints(Builder builder) {
        RedisCredentialsProvider credentials = builder.credentials();
        this.settings = credentials == null
                ? ConnectionSettings.of(builder.commandTimeout)
                : ConnectionSettings.of(builder.commandTimeout).withCredentials(credentials);
        this.client = settings.newClient();
        this.master = node(builder.master, RedisNode.Role.MASTER, builder);
        this.replicas = builder.replicas.stream()
                .map(uri -> (RedisNode) node(uri, RedisNode.Role.REPLICA, builder))
                .toList();
        this.externalEndpoint = builder.externalEndpoint;
        this.location = builder.location != null ? builder.location : "endpoints " + master.endpoint();
    }

    /** Starts a topology whose master listens at {@code host:port}. */
    public static Builder master(String host, int port) {
        return master(new Endpoint(host, port));
    }

    public static Builder master(Endpoint endpoint) {
        return new Builder(uriOf(endpoint));
    }

    /** Starts a topology whose master is at {@code uri}; a password in it is used for every endpoint. */
    public static Builder master(RedisURI uri) {
        return new Builder(requireNonNull(uri, "uri"));
    }

    @Override
    public String location() {
        return location;
    }

    @Override
    public RedisNode master() {
        return master;
    }

    @Override
    public List<RedisNode> replicas() {
        return replicas;
    }

    @Override
    public Optional<Endpoint> externalEndpoint() {
        return Optional.ofNullable(externalEndpoint);
    }

    @Override
    public ConnectionSettings connectionSettings() {
        return settings;
    }

    /** Closes every connection opened for the nodes, then the Lettuce client; the first failure is thrown. */
    @Override
    public void close() {
        List<Runnable> releases = new ArrayList<>();
        releases.add(master::close);
        replicas.forEach(replica -> releases.add(((EndpointNode) replica)::close));
        releases.add(() -> ClientShutdown.shutdown(client));
        Releases.runAll(releases);
    }

    @Override
    public String toString() {
        return "RedisEndpoints[" + location + ", master=" + master.endpoint() + ", replicas="
                + replicas.stream().map(r -> r.endpoint().toString()).collect(Collectors.joining(", ", "[", "]"))
                + (externalEndpoint == null ? "" : ", externalEndpoint=" + externalEndpoint) + "]";
    }

    private EndpointNode node(RedisURI given, RedisNode.Role role, Builder builder) {
        Endpoint endpoint = new Endpoint(given.getHost(), given.getPort());
        return new EndpointNode(client, settings.uri(given), endpoint, role, builder.logFiles.get(endpoint));
    }

    private static RedisURI uriOf(Endpoint endpoint) {
        return RedisURI.Builder.redis(requireNonNull(endpoint, "endpoint").host(), endpoint.port()).build();
    }

    /** Collects the endpoints; {@link #build()} validates them together. */
    public static final class Builder {

        private final RedisURI master;
        private final List<RedisURI> replicas = new ArrayList<>();
        private final Map<Endpoint, Path> logFiles = new LinkedHashMap<>();
        private Endpoint externalEndpoint;
        private String location;
        private Duration commandTimeout = ConnectionSettings.DEFAULT_TIMEOUT;
        private String username;
        private char[] password;

        private Builder(RedisURI master) {
            this.master = master;
        }

        public Builder replica(String host, int port) {
            return replica(new Endpoint(host, port));
        }

        public Builder replica(Endpoint endpoint) {
            replicas.add(uriOf(endpoint));
            return this;
        }

        public Builder replica(RedisURI uri) {
            replicas.add(requireNonNull(uri, "uri"));
            return this;
        }

        /** The endpoint that should reach the master from outside (a NodePort, a load balancer). */
        public Builder externalEndpoint(String host, int port) {
            return externalEndpoint(new Endpoint(host, port));
        }

        public Builder externalEndpoint(Endpoint endpoint) {
            this.externalEndpoint = requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The log file of the node at {@code node} (its {@code logfile} setting), read by {@link RedisNode#logs()}. */
        public Builder logFile(Endpoint node, Path file) {
            logFiles.put(requireNonNull(node, "node"), requireNonNull(file, "file"));
            return this;
        }

        public Builder logFile(String host, int port, Path file) {
            return logFile(new Endpoint(host, port), file);
        }

        /** The password of every endpoint ({@code requirepass}); copied, never printed. */
        public Builder password(char[] password) {
            return credentials(null, password);
        }

        /** An ACL user and its password, for every endpoint; copied, never printed. */
        public Builder credentials(String username, char[] password) {
            this.username = username;
            this.password = Arrays.copyOf(requireNonNull(password, "password"), password.length);
            return this;
        }

        /** How failure messages name this topology; {@code endpoints <master>} unless set. */
        public Builder location(String location) {
            this.location = requireNonNull(location, "location");
            return this;
        }

        /** Timeout of every command and connect; 10 s unless set. */
        public Builder commandTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("commandTimeout must be positive but was " + timeout);
            }
            this.commandTimeout = timeout;
            return this;
        }

        public RedisEndpoints build() {
            List<Endpoint> known = new ArrayList<>();
            known.add(new Endpoint(master.getHost(), master.getPort()));
            replicas.forEach(replica -> known.add(new Endpoint(replica.getHost(), replica.getPort())));
            for (Endpoint node : logFiles.keySet()) {
                if (!known.contains(node)) {
                    throw new IllegalArgumentException("logFile was given for endpoint " + node
                            + ", which is neither the master nor a replica; the endpoints are " + known);
                }
            }
            if (known.stream().distinct().count() != known.size()) {
                throw new IllegalArgumentException("every endpoint must be given once but the endpoints are " + known);
            }
            return new RedisEndpoints(this);
        }

        private RedisCredentialsProvider credentials() {
            if (password != null) {
                char[] secret = password;
                String user = username;
                return RedisCredentialsProvider.from(() -> RedisCredentials.just(user, secret));
            }
            return ConnectionSettings.hasPassword(master) ? master.getCredentialsProvider() : null;
        }
    }
}

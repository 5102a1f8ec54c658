package io.github.redishajunit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A node of {@link RedisEndpoints}: a server at an address this JVM connects to directly, its log read from a file.
 */
final class EndpointNode implements RedisNode {

    private final RedisClient client;
    private final RedisURI uri;
    private final Endpoint endpoint;
    private final Role role;
    private final Path logFile;
    private StatefulRedisConnection<String, String> connection;

    EndpointNode(RedisClient client, RedisURI uri, Endpoint endpoint, Role role, Path logFile) {
        this.client = client;
        this.uri = uri;
        this.endpoint = endpoint;
        this.role = role;
        this.logFile = logFile;
    }

    @Override
    public String name() {
        return endpoint.toString();
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String hostAddress() {
        return endpoint.host();
    }

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connect(uri);
        }
        return connection;
    }

    @Override
    public List<String> logs() {
        if (logFile == null) {
            throw new IllegalStateException("no log source configured for endpoint " + endpoint
                    + "; set one with RedisEndpoints.Builder.logFile(" + endpoint.host() + ", " + endpoint.port()
                    + ", <path of its logfile>)");
        }
        try {
            return new String(Files.readAllBytes(logFile), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the log file " + logFile + " of endpoint " + endpoint, e);
        }
    }

    synchronized void close() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public String toString() {
        return role + " " + endpoint;
    }
}

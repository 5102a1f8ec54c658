package io.github.redishajunit.localredis;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

/** A Sentinel process of a {@link LocalRedis}, reached on loopback; its connection closes with it. */
final class LocalSentinel implements RedisSentinel, AutoCloseable {

    private final RedisClient client;
    private final RedisProcess process;
    private StatefulRedisSentinelConnection<String, String> connection;

    LocalSentinel(RedisClient client, RedisProcess process) {
        this.client = client;
        this.process = process;
    }

    @Override
    public String name() {
        return process.endpoint().toString();
    }

    @Override
    public Endpoint address() {
        return process.endpoint();
    }

    @Override
    public Endpoint endpoint() {
        return process.endpoint();
    }

    @Override
    public synchronized StatefulRedisSentinelConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connectSentinel(RedisURI.Builder.redis("127.0.0.1", process.port())
                    .withTimeout(Duration.ofSeconds(2)).build());
        }
        return connection;
    }

    @Override
    public List<String> logs() {
        try {
            return Files.readAllLines(process.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
    }
}

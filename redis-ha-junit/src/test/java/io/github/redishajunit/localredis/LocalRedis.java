package io.github.redishajunit.localredis;

import static org.awaitility.Awaitility.await;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisEndpoints;
import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.RedisTopology;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Local server processes ({@code redis-server}, or Valkey's {@code valkey-server}: a {@link LocalServer} each) on free
 * loopback ports, each in its own directory under one temporary
 * directory, and the {@link RedisEndpoints} built over them. {@link #close()} stops every process it started (by
 * PID) and closes every topology, in reverse order, then deletes the directory. Obtain one through
 * {@link LocalRedisExtension}: it lives as long as the scope that asked for it (class or test).
 */
public final class LocalRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REPLICATION_TIMEOUT = Duration.ofSeconds(30);
    private static final List<String> AS_NOBODY =
            List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups");

    private final Path root;
    private final RedisClient client = RedisClient.create();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final AtomicInteger names = new AtomicInteger();
    private final Map<LocalServer, List<String>> commands = new EnumMap<>(LocalServer.class);

    LocalRedis() {
        try {
            root = Files.createTempDirectory("redis-ha-junit-");
            // an unprivileged replica must reach its directory and log file
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A master and two replicas of {@code server}, replicating; their topology names each node's log file. */
    public RedisTrio startTrio(LocalServer server) {
        return startTrio(server, topology -> topology);
    }

    /** A master and two replicas, replicating; {@code customizer} may add to the topology's builder. */
    public RedisTrio startTrio(LocalServer server, UnaryOperator<RedisEndpoints.Builder> customizer) {
        return startTrio(server, List.of(), List.of(), customizer);
    }

    /** A master and two replicas started with extra arguments, replicating. */
    public RedisTrio startTrio(LocalServer server, List<String> masterArgs, List<String> replicaArgs,
            UnaryOperator<RedisEndpoints.Builder> customizer) {
        RedisProcess master = startMaster(server, masterArgs.toArray(String[]::new));
        List<RedisProcess> replicas = List.of(startReplica(master, replicaArgs.toArray(String[]::new)),
                startReplica(master, replicaArgs.toArray(String[]::new)));
        RedisEndpoints topology = topology(customizer.apply(endpoints(master, replicas)));
        awaitReplication(topology);
        return new RedisTrio(master, replicas, topology);
    }

    public RedisProcess startMaster(LocalServer server, String... extra) {
        return start(server, List.of(), "master", Arrays.asList(extra));
    }

    /** A replica of {@code master}, of the same server. */
    public RedisProcess startReplica(RedisProcess master, String... extra) {
        List<String> args = new ArrayList<>(List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
        args.addAll(Arrays.asList(extra));
        return start(master.server(), List.of(), "replica", args);
    }

    /**
     * A replica run as {@code nobody} (tests run as root, whom permissions do not stop) whose {@code dir} is a
     * root-owned {@code 0755} directory: it can enter it (Redis refuses to start otherwise) but not write in it,
     * so it can never store the RDB its master sends.
     */
    public RedisProcess startReplicaWithUnwritableDir(RedisProcess master) {
        return start(master.server(), AS_NOBODY, "unwritable-replica",
                List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
    }

    /**
     * A master run as {@code nobody} whose {@code dir} is a root-owned {@code 0755} directory, as {@link
     * #startReplicaWithUnwritableDir(RedisProcess)}: every save it attempts fails with {@code Permission denied}.
     */
    public RedisProcess startMasterWithUnwritableDir(LocalServer server, String... extra) {
        return start(server, AS_NOBODY, "unwritable-master", Arrays.asList(extra));
    }

    /** The topology over these processes, each node's log file configured; closed with this fixture. */
    public RedisEndpoints.Builder endpoints(RedisProcess master, List<RedisProcess> replicas) {
        RedisEndpoints.Builder builder = RedisEndpoints.master(master.endpoint())
                .logFile(master.endpoint(), master.logFile());
        replicas.forEach(replica -> builder.replica(replica.endpoint()).logFile(replica.endpoint(), replica.logFile()));
        return builder;
    }

    /** Builds the topology and closes it with this fixture. */
    public RedisEndpoints topology(RedisEndpoints.Builder builder) {
        RedisEndpoints topology = builder.build();
        resources.push(topology);
        return topology;
    }

    /** Waits until the master lists every replica online and every replica has its link up. */
    public void awaitReplication(RedisEndpoints topology) {
        int replicas = topology.replicas().size();
        await("replication of " + topology)
                .atMost(REPLICATION_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .ignoreExceptionsInstanceOf(RedisException.class)
                .until(() -> topology.master().info("replication").split("state=online", -1).length - 1 == replicas
                        && topology.replicas().stream().map(node -> node.info("replication"))
                                .allMatch(info -> info.contains("master_link_status:up")));
    }

    /** PING through a client of {@code settings} (TLS included) at {@code endpoint}; the client is shut down. */
    /** {@code GET key} on the server at {@code endpoint}, on a connection of its own. */
    public static String get(ConnectionSettings settings, Endpoint endpoint, String key) {
        RedisClient client = settings.newClient();
        try (StatefulRedisConnection<String, String> connection = client.connect(settings.uri(endpoint))) {
            return connection.sync().get(key);
        } finally {
            ClientShutdown.shutdown(client);
        }
    }

    public static String ping(ConnectionSettings settings, Endpoint endpoint) {
        RedisClient client = settings.newClient();
        try (StatefulRedisConnection<String, String> connection = client.connect(settings.uri(endpoint))) {
            return connection.sync().ping();
        } finally {
            ClientShutdown.shutdown(client);
        }
    }

    /** A loopback port nothing listens on (now). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /**
     * {@code count} Sentinels of the trio's server monitoring its master as {@code mymaster} (quorum 2, down after
     * {@code downAfter}), each knowing every replica and the other Sentinels; the trio's topology with them.
     */
    public RedisTopology withSentinels(RedisTrio trio, int count, Duration downAfter) {
        List<RedisSentinel> sentinels = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path conf;
            try {
                conf = Files.writeString(Files.createTempFile(root, "sentinel-", ".conf"),
                        "sentinel monitor mymaster 127.0.0.1 " + trio.master().port() + " 2\n"
                                + "sentinel down-after-milliseconds mymaster " + downAfter.toMillis() + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            RedisProcess process = start(trio.master().server(), List.of(), "sentinel", List.of(conf.toString()),
                    List.of("--sentinel"));
            LocalSentinel sentinel = new LocalSentinel(client, process);
            resources.push(sentinel);
            sentinels.add(sentinel);
        }
        return new SentinelTopology(trio.topology(), sentinels);
    }

    /**
     * A TLS-only master of {@code server} with {@code certs} (plaintext port 0, client certificates required), answering
     * PING over TLS to a client that checks the certificate's first name; its {@link RedisProcess#port()} is the TLS
     * port.
     */
    public RedisProcess startTlsMaster(LocalServer server, TestCertificates certs) {
        return start(server, List.of(), "tls-master", List.of(), certs::serverArgs, Optional.of(certs));
    }

    private RedisProcess start(LocalServer server, List<String> prefix, String role, List<String> args) {
        return start(server, prefix, role, List.of(), args);
    }

    private RedisProcess start(LocalServer server, List<String> prefix, String role, List<String> configFile,
            List<String> args) {
        return start(server, prefix, role, configFile, port -> args, Optional.empty());
    }

    private RedisProcess start(LocalServer server, List<String> prefix, String role, List<String> configFile,
            IntFunction<List<String>> argsForPort, Optional<TestCertificates> tls) {
        String name = role + "-" + names.incrementAndGet();
        Path dir = root.resolve(name);
        Path log = root.resolve(name + ".log");
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Files.createFile(log);
            Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(commands.computeIfAbsent(server, LocalServer::command));
        // a config file comes first (a Sentinel needs one to rewrite), before the options
        command.addAll(configFile);
        int port = freePort();
        RedisProcess process = RedisProcess.start(server, command, port, dir, log, argsForPort.apply(port));
        resources.push(process);
        if (tls.isPresent()) {
            ConnectionSettings settings = ConnectionSettings.of(Duration.ofSeconds(2))
                    .withTls(tls.get().withClientCertificate());
            RedisClient tlsClient = settings.newClient();
            try {
                awaitPong(process, tlsClient,
                        settings.uri(process.endpoint().withServerName(tls.get().serverNames().get(0))));
            } finally {
                ClientShutdown.shutdown(tlsClient);
            }
        } else {
            awaitPong(process, client,
                    RedisURI.Builder.redis("127.0.0.1", process.port()).withTimeout(Duration.ofSeconds(2)).build());
        }
        return process;
    }

    private void awaitPong(RedisProcess process, RedisClient client, RedisURI uri) {
        await(process + " answering PING")
                .atMost(START_TIMEOUT)
                .pollInterval(Duration.ofMillis(20))
                .failFast(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError(process.server().binary() + " exited before answering PING: "
                                + process.diagnostics());
                    }
                })
                .ignoreExceptionsInstanceOf(RedisException.class)
                .until(() -> {
                    try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
                        return "PONG".equals(connection.sync().ping());
                    } catch (RedisException e) {
                        // a server with requirepass is up once it asks for authentication (during HELLO)
                        if (asksForAuthentication(e)) {
                            return true;
                        }
                        throw e;
                    }
                });
    }

    private static boolean asksForAuthentication(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandExecutionException && cause.getMessage().startsWith("NOAUTH")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                failure = add(failure, e);
            }
        }
        try {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            failure = add(failure, e);
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            failure = add(failure, e);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Exception add(Exception failure, Exception next) {
        if (failure == null) {
            return next;
        }
        failure.addSuppressed(next);
        return failure;
    }

    /** A master, its replicas, and the topology over them. */
    public record RedisTrio(RedisProcess master, List<RedisProcess> replicas, RedisEndpoints topology) {

        public RedisProcess replica(int index) {
            return replicas.get(index);
        }

        public RedisNode replicaNode(int index) {
            return topology.replicas().get(index);
        }
    }
}

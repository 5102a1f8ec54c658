package io.github.redishajunit.drills;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.RedisNode;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A master cut off from its replicas and Sentinels while the clients already connected to it keep writing: on a
 * connection of its own it sets {@code maxclients 1} (a server keeps the connections it has and refuses every new
 * one with "max number of clients reached"), then kills its replicas' links ({@code CLIENT KILL TYPE replica}) and
 * the Sentinels' connections (named {@code sentinel-...}). Replicas and Sentinels cannot reconnect; the drill's
 * writer, already connected, carries on. {@link #close()} heals it: {@code maxclients} as it was. Needs no
 * privilege in the stack, only {@code CONFIG} and {@code CLIENT} for the user the drill connects as.
 */
final class Isolation implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final String node;
    private final String location;
    private final String maxClients;
    private final Map<String, String> minReplicas;
    private boolean isolated;

    private Isolation(ConnectionSettings settings, RedisNode node, String location) {
        this.client = settings.newClient();
        this.connection = client.connect(settings.uri(node.endpoint()));
        this.node = node.describe();
        this.location = location;
        RedisCommands<String, String> commands = connection.sync();
        try {
            this.maxClients = commands.configGet("maxclients").get("maxclients");
            this.minReplicas = commands.configGet("min-replicas-*");
        } catch (RedisException refused) {
            close();
            throw refusal("CONFIG GET maxclients", refused);
        }
    }

    /**
     * Opens the connection that will isolate {@code node} and heal it, and reads its settings: before the drill's
     * load starts, so that {@link #begin()} needs no new connection.
     */
    static Isolation prepare(ConnectionSettings settings, RedisNode node, String location) {
        return new Isolation(settings, node, location);
    }

    /** {@code min-replicas-to-write} and {@code min-replicas-max-lag} as the master had them before the drill. */
    Map<String, String> minReplicas() {
        return minReplicas;
    }

    /** Cuts the master off; returns the connections killed, e.g. {@code 2 replica links, 6 Sentinel connections}. */
    String begin() {
        RedisCommands<String, String> commands = connection.sync();
        try {
            commands.configSet("maxclients", "1");
            isolated = true;
            long replicas = commands.clientKill(KillArgs.Builder.typeSlave());
            List<Long> sentinels = new ArrayList<>();
            for (String client : commands.clientList().split("\n")) {
                if (client.contains(" name=sentinel-")) {
                    sentinels.add(Long.parseLong(client.replaceFirst("^id=(\\d+) .*$", "$1").strip()));
                }
            }
            for (long id : sentinels) {
                commands.clientKill(KillArgs.Builder.id(id));
            }
            return replicas + " replica link" + (replicas == 1 ? "" : "s") + ", " + sentinels.size()
                    + " Sentinel connection" + (sentinels.size() == 1 ? "" : "s");
        } catch (RedisException refused) {
            close();
            throw refusal("CONFIG SET maxclients 1, CLIENT KILL", refused);
        }
    }

    /** Heals the isolation (once): {@code maxclients} back to its value, then closes the connection. */
    @Override
    public void close() {
        try {
            if (isolated) {
                connection.sync().configSet("maxclients", maxClients);
                isolated = false;
            }
        } catch (RedisException lost) {
            throw new AssertionError("Expecting the drill to heal the isolation of " + node + " in " + location
                    + " (CONFIG SET maxclients " + maxClients + ")\nbut it failed: " + lost.getMessage()
                    + " (the server still refuses new connections: restart its pod)", lost);
        } finally {
            connection.close();
            ClientShutdown.shutdown(client);
        }
    }

    private AssertionError refusal(String commands, RedisException refused) {
        return new AssertionError("Expecting the Redis HA stack in " + location + " to let the drill isolate the"
                + " server of " + node + " from its replicas and Sentinels with " + commands + "\nbut it answered "
                + refused.getMessage() + " (the drill needs CONFIG and CLIENT: not renamed away by rename-command,"
                + " and allowed by the ACL of the user the drill connects as)");
    }
}

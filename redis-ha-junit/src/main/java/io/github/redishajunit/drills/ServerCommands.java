package io.github.redishajunit.drills;

import io.github.redishajunit.ClientShutdown;
import io.github.redishajunit.ConnectionSettings;
import io.github.redishajunit.RedisNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandKeyword;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;

/** The commands a {@link Fault} sends a server: {@code SHUTDOWN NOSAVE} and {@code CLIENT PAUSE <ms> ALL}. */
final class ServerCommands {

    private ServerCommands() {}

    /**
     * Sends {@code SHUTDOWN NOSAVE} on the node's connection and waits for the answer: a server that shuts down
     * closes the connection without one, which Lettuce reports as a {@link RedisException}; that is the success
     * signal. No answer within the command timeout passes too (Redis 7 first waits up to {@code shutdown-timeout} for
     * lagging replicas): the drill's recovery stage then tells whether the server restarted. The connection rejects
     * commands while it is down, so the command is never sent again after a reconnect.
     *
     * @throws AssertionError when the server answers instead, e.g. {@code SHUTDOWN} renamed away or denied by an ACL
     */
    static void shutdownNoSave(RedisNode node, String location) {
        RedisCommands<String, String> commands = node.connection().sync();
        String answer;
        try {
            answer = commands.dispatch(CommandType.SHUTDOWN, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add(CommandKeyword.NOSAVE));
        } catch (RedisCommandExecutionException refused) {
            answer = refused.getMessage();
        } catch (RedisException closedOrStillShuttingDown) {
            // the connection closed (or the command timed out): the server is going down
            return;
        }
        throw new AssertionError("Expecting the Redis HA stack in " + location + " to restart the server of "
                + node.describe() + " in place after SHUTDOWN NOSAVE\nbut it answered " + answer + " and kept"
                + " running (the drill needs SHUTDOWN: not renamed away by rename-command, and allowed by the ACL of"
                + " the user the drill connects as)");
    }

    /**
     * Sends {@code CLIENT PAUSE <ms> ALL} to the node on a connection of its own, opened with {@code settings} and
     * closed again (the node's shared connection is the one the drill's writer and checks wait on): for {@code
     * stall} the server answers no client, Sentinels' pings included, while its replicas keep replicating. Needs
     * Redis 6.2 or later.
     *
     * @throws AssertionError when the server answers anything but {@code OK}, e.g. {@code CLIENT} renamed away or
     *     denied by an ACL
     */
    static void clientPauseAll(ConnectionSettings settings, RedisNode node, Duration stall, String location) {
        RedisClient client = settings.newClient();
        String answer;
        try (StatefulRedisConnection<String, String> connection = client.connect(settings.uri(node.endpoint()))) {
            answer = connection.sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(stall.toMillis()).add("ALL"));
        } catch (RedisCommandExecutionException refused) {
            answer = refused.getMessage();
        } finally {
            ClientShutdown.shutdown(client);
        }
        if (!"OK".equals(answer)) {
            throw new AssertionError("Expecting the Redis HA stack in " + location + " to let the drill hang the"
                    + " server of " + node.describe() + " with CLIENT PAUSE " + stall.toMillis() + " ALL\nbut it"
                    + " answered " + answer + " (the drill needs CLIENT PAUSE ... ALL: Redis 6.2 or later, CLIENT not"
                    + " renamed away by rename-command, and allowed by the ACL of the user the drill connects as)");
        }
    }
}

package io.github.redishajunit.assertions;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisNode;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The address a master lists a replica under, and logs it with: {@code replica-announce-ip} if set, else the
 * node's host address (the peer address the master sees); {@code replica-announce-port} if non-zero, else, as Redis
 * chooses the port a replica sends its master ({@code REPLCONF listening-port}), its {@code tls-port} when it
 * replicates over TLS ({@code tls-replication yes}) and has one, else its {@code port}. When CONFIG is not allowed
 * (renamed, ACL), the node's host address and endpoint port.
 */
final class AnnouncedAddress {

    private AnnouncedAddress() {}

    public static Endpoint of(RedisNode replica) {
        try {
            RedisCommands<String, String> commands = replica.connection().sync();
            String ip = config(commands, "replica-announce-ip");
            int port = Integer.parseInt(config(commands, "replica-announce-port"));
            if (port == 0) {
                String tlsPort = config(commands, "tls-port");
                boolean tlsReplication = config(commands, "tls-replication").equalsIgnoreCase("yes")
                        && tlsPort.matches("[1-9]\\d*");
                port = Integer.parseInt(tlsReplication ? tlsPort : config(commands, "port"));
            }
            return new Endpoint(ip.isBlank() ? replica.hostAddress() : ip, port);
        } catch (RedisCommandExecutionException configNotAllowed) {
            return replica.address();
        }
    }

    private static String config(RedisCommands<String, String> commands, String parameter) {
        String value = commands.configGet(parameter).get(parameter);
        return value == null ? "" : value.trim();
    }
}

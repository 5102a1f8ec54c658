package io.github.redishajunit.assertions;

import io.lettuce.core.api.sync.RedisCommands;
import java.util.UUID;

/**
 * A key the runbook writes to test something, deleted on {@link #close()}; use it with try-with-resources so a
 * failed delete is added to the step's own failure instead of hiding it.
 */
final class TemporaryKey implements AutoCloseable {

    private final RedisCommands<String, String> commands;
    private final String name;

    private TemporaryKey(RedisCommands<String, String> commands, String name) {
        this.commands = commands;
        this.name = name;
    }

    /** A key name no one else uses: {@code redis-ha-junit:<purpose>:<uuid>}. */
    public static String uniqueName(String purpose) {
        return "redis-ha-junit:" + purpose + ":" + UUID.randomUUID();
    }

    /** SETs {@code name} to {@code value} through {@code commands}; closing DELs it through them. */
    public static TemporaryKey set(RedisCommands<String, String> commands, String name, String value) {
        commands.set(name, value);
        return new TemporaryKey(commands, name);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        commands.del(name);
    }
}

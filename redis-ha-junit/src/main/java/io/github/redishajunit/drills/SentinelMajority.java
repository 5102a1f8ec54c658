package io.github.redishajunit.drills;

import io.github.redishajunit.RedisSentinel;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.time.Duration;
import java.util.List;

/**
 * A majority of a stack's Sentinels gone for a while: each stops answering ({@code CLIENT PAUSE <ms> ALL} on its own
 * connection), so the others flag it down once their {@code down-after-milliseconds} pass, while it keeps watching
 * the servers. The Sentinels left cannot reach the quorum nor authorize a failover: {@code SENTINEL CKQUORUM} fails
 * on them. When the pause ends the Sentinels are back on their own. Needs no privilege in the stack, only {@code
 * CLIENT} on the Sentinels for the login the drill uses.
 */
record SentinelMajority(List<RedisSentinel> paused, List<RedisSentinel> left) {

    /** The fewest Sentinels that fail the stack's majority: more than half of {@code count}. */
    static int majorityOf(int count) {
        return count / 2 + 1;
    }

    /**
     * Picks the majority to pause from {@code sentinels} (the last ones, so that the first, which the drill's locator
     * asks first, stays), leaving at least one to ask.
     *
     * @throws IllegalStateException with fewer than 3 Sentinels: a majority gone would leave none to ask
     */
    static SentinelMajority of(List<RedisSentinel> sentinels, String location) {
        int count = sentinels.size();
        if (count < 3) {
            throw new IllegalStateException("the Sentinel majority drill needs 3 or more Sentinels, but the stack in "
                    + location + " has " + count + " (a majority gone would leave none to ask)");
        }
        int left = count - majorityOf(count);
        return new SentinelMajority(List.copyOf(sentinels.subList(left, count)), List.copyOf(sentinels.subList(0, left)));
    }

    /**
     * Pauses every Sentinel of the majority for {@code length}, one {@code CLIENT PAUSE} each on its shared connection
     * (which, like every other client, waits for the pause to end before its next answer).
     *
     * @throws AssertionError when a Sentinel answers anything but {@code OK} (e.g. {@code CLIENT} renamed away or
     *     denied by the ACL of the login the drill uses)
     */
    void pause(Duration length, String location) {
        for (RedisSentinel sentinel : paused) {
            String answer;
            try {
                answer = sentinel.connection().sync().dispatch(CommandType.CLIENT, new StatusOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("PAUSE").add(length.toMillis()).add("ALL"));
            } catch (RedisException refused) {
                answer = refused.getMessage();
            }
            if (!"OK".equals(answer)) {
                throw new AssertionError("Expecting the Sentinel " + sentinel.describe() + " in " + location
                        + " to stop answering for the drill (CLIENT PAUSE " + length.toMillis() + " ALL)\nbut it"
                        + " answered " + answer + " (the drill needs CLIENT PAUSE on the Sentinels: Redis 6.2 or"
                        + " later, and allowed by the ACL of the login the drill uses)");
            }
        }
    }

    /**
     * What {@code sentinel} answers to {@code SENTINEL CKQUORUM masterSet}, first line: {@code OK 3 usable Sentinels.
     * ...}, {@code NOQUORUM 1 usable Sentinels. ...}, or the error that stood for an answer.
     */
    static String ckquorum(RedisSentinel sentinel, String masterSet) {
        try {
            return sentinel.connection().sync().dispatch(CommandType.SENTINEL, new StatusOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(masterSet));
        } catch (RedisCommandExecutionException refused) {
            return refused.getMessage() == null ? refused.toString() : refused.getMessage().lines().findFirst().orElse("");
        }
    }

    /** The names of {@code sentinels}, comma-separated. */
    static String names(List<RedisSentinel> sentinels) {
        return String.join(", ", sentinels.stream().map(RedisSentinel::name).toList());
    }
}

package io.github.redishajunit.assertions;

import static io.github.redishajunit.assertions.ShouldAgreeOnMaster.shouldAgreeOnMaster;
import static org.awaitility.Awaitility.await;

import io.github.redishajunit.RedisNode;
import io.github.redishajunit.RedisSentinel;
import io.github.redishajunit.RedisTopology;
import io.github.redishajunit.assertions.SentinelResult.SentinelView;
import io.lettuce.core.RedisException;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ListOfMapsOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.sentinel.api.sync.RedisSentinelCommands;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.error.ErrorMessageFactory;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The Sentinels agree with the servers, as spotahome's and Redis's own Sentinel tests check: every Sentinel names
 * the same master for the same master set ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}), it is the topology's master
 * and says {@code role:master}, {@code SENTINEL CKQUORUM} is OK, and each Sentinel knows as many replicas and other
 * Sentinels as run.
 */
final class SentinelCheck {

    private final RedisTopology topology;

    SentinelCheck(RedisTopology topology) {
        this.topology = topology;
    }

    Verdict<SentinelResult> run() {
        RedisNode master = topology.master();
        List<RedisSentinel> sentinels = topology.sentinels();
        List<SentinelView> views = new ArrayList<>();
        List<String> observations = new ArrayList<>();
        String masterName = null;
        for (RedisSentinel sentinel : sentinels) {
            try {
                RedisSentinelCommands<String, String> commands = sentinel.connection().sync();
                List<Map<String, String>> masters = commands.masters();
                if (masters.isEmpty()) {
                    observations.add(sentinel.describe() + " monitors no master");
                    continue;
                }
                String name = masters.get(0).get("name");
                if (masterName == null) {
                    masterName = name;
                } else if (!masterName.equals(name)) {
                    observations.add(sentinel.describe() + " monitors " + name + ", not " + masterName);
                    continue;
                }
                String named = address(commands.getMasterAddrByName(name));
                Map<String, String> state = commands.master(name);
                String quorum;
                try {
                    quorum = commands.dispatch(CommandType.SENTINEL, new StatusOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).add("CKQUORUM").add(name));
                } catch (RedisException e) {
                    quorum = e.getMessage();
                }
                // entries a Sentinel keeps of instances it cannot reach (one that went away, a recreated pod still
                // at its old address) are flagged down or disconnected: not counted, but named when a count is short
                List<Map<String, String>> replicaEntries = commands.replicas(name);
                List<Map<String, String>> sentinelEntries = commands.dispatch(CommandType.SENTINEL,
                        new ListOfMapsOutput<>(StringCodec.UTF8),
                        new CommandArgs<>(StringCodec.UTF8).add("SENTINELS").add(name));
                int replicas = live(replicaEntries);
                int others = live(sentinelEntries);
                views.add(new SentinelView(sentinel.name(), sentinel.address(), named, quorum, replicas, others));
                String host = named.substring(0, named.lastIndexOf(':'));
                int port = Integer.parseInt(named.substring(named.lastIndexOf(':') + 1));
                if (!master.isAt(host, port)) {
                    String who = topology.nodes().stream().filter(n -> n.isAt(host, port)).map(RedisNode::name)
                            .findFirst().map(n -> " (" + n + ", which says it is a replica)")
                            .orElse(" (none of the topology's nodes)");
                    observations.add(sentinel.describe() + " names " + named + who);
                }
                if (quorum == null || !quorum.startsWith("OK")) {
                    observations.add(sentinel.describe() + " answers CKQUORUM " + masterName + " with: " + quorum);
                }
                if (replicas != topology.replicas().size() || others != sentinels.size() - 1) {
                    observations.add(sentinel.describe() + " knows " + replicas + " replicas and " + others
                            + " other Sentinels" + notCounted(replicaEntries, sentinelEntries));
                }
                String flags = state.getOrDefault("flags", "");
                if (flags.contains("s_down") || flags.contains("o_down")) {
                    observations.add(sentinel.describe() + " flags the master " + flags);
                }
            } catch (RedisException | IllegalStateException e) {
                observations.add(sentinel.describe() + " does not answer: " + Errors.describe(e));
            }
        }
        SentinelResult result = new SentinelResult(masterName == null ? "?" : masterName, views);
        if (observations.isEmpty()) {
            return Verdict.passed(result);
        }
        ErrorMessageFactory failure = shouldAgreeOnMaster(topology.location(), sentinels.size(), master.describe(),
                masterName == null ? "its master set" : masterName, topology.replicas().size(), observations);
        return Verdict.failed(result, failure);
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getHostString() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }

    private static int live(List<Map<String, String>> instances) {
        return (int) instances.stream().filter(SentinelCheck::reached).count();
    }

    private static boolean reached(Map<String, String> instance) {
        String flags = instance.getOrDefault("flags", "");
        return !flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected");
    }

    /** {@code " (not counted: replica 10.0.0.7:6379 flagged s_down,slave,disconnected)"}, or nothing. */
    private static String notCounted(List<Map<String, String>> replicas, List<Map<String, String>> sentinels) {
        List<String> entries = new ArrayList<>();
        for (Map<String, String> replica : replicas) {
            if (!reached(replica)) {
                entries.add("replica " + entry(replica));
            }
        }
        for (Map<String, String> other : sentinels) {
            if (!reached(other)) {
                entries.add("Sentinel " + entry(other));
            }
        }
        return entries.isEmpty() ? "" : " (not counted: " + String.join(", ", entries) + ")";
    }

    private static String entry(Map<String, String> instance) {
        return instance.getOrDefault("ip", "?") + ":" + instance.getOrDefault("port", "?") + " flagged "
                + instance.getOrDefault("flags", "");
    }

    /**
     * Polls {@link #run()} for at most {@code bound}: Sentinels learn replicas and each other every few seconds, and
     * reach a recreated pod only once its name resolves to the new address.
     */
    Verdict<SentinelResult> run(Duration bound) {
        AtomicReference<Verdict<SentinelResult>> last = new AtomicReference<>();
        try {
            // in this thread: a poll cut short at the bound would record interrupted commands as the Sentinels' answers
            await("the Sentinels of " + topology.location() + " to agree").atMost(bound).pollInSameThread()
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        last.set(run());
                        return last.get().passed();
                    });
        } catch (ConditionTimeoutException timedOut) {
            // the last answers say which Sentinel disagrees
        }
        return last.get();
    }
}

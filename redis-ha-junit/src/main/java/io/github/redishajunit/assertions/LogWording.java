package io.github.redishajunit.assertions;

import java.util.List;
import java.util.regex.Pattern;

/**
 * How a node words the replica's side of replication in its log, for the lines the log step requires. Redis (7.0,
 * 7.2, 8.0) says {@code MASTER}; Valkey (8.0 on) says {@code PRIMARY} there ({@code Connecting to PRIMARY <host>:<port>},
 * {@code PRIMARY <-> REPLICA sync: Finished with success}). The master's side reads the same on both ({@code Ready to
 * accept connections}, {@code Synchronization with replica <addr> succeeded}). A node is Valkey when its start-up
 * banner says so ({@code Valkey version=8.1.1, ...}); a log without a banner (cut) is taken as Redis's. The patterns
 * of {@link LogFindings} accept both wordings whatever this says: it only names a missing line as the node would
 * have logged it.
 */
enum LogWording {

    REDIS("MASTER"),
    VALKEY("PRIMARY");

    private static final Pattern VALKEY_BANNER = Pattern.compile("^Valkey version=");

    private final String primary;

    LogWording(String primary) {
        this.primary = primary;
    }

    static LogWording of(List<LogLine> log) {
        return log.stream().anyMatch(line -> VALKEY_BANNER.matcher(line.message()).find()) ? VALKEY : REDIS;
    }

    String connecting() {
        return "Connecting to " + primary;
    }

    String syncFinished() {
        return primary + " <-> REPLICA sync: Finished with success";
    }
}

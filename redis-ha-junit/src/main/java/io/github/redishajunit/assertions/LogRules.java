package io.github.redishajunit.assertions;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * What the log step tolerates. {@link #defaults()} forbids every finding the log step knows (warnings at
 * {@code #} level, permission and persistence errors, MISCONF, security warnings, replication link errors,
 * repeated full resyncs); {@link #allow(Pattern)} returns rules that also tolerate messages the pattern finds.
 * Patterns are matched with {@link java.util.regex.Matcher#find()} against the message part of a Redis log line
 * (what follows the level character), so they hold whatever the pid, role and timestamp were.
 *
 * <pre>{@code
 * LogRules rules = LogRules.defaults().allow(LogRules.MEMORY_OVERCOMMIT_WARNING);
 * }</pre>
 *
 * Immutable.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1.0")
public final class LogRules {

    /**
     * The kernel's {@code vm.overcommit_memory} is not 1: not namespaced, so a pod cannot fix it. Redis 7.0
     * ({@code M #}, after {@code Server initialized}) and 7.2 ({@code C #}, before {@code Redis is starting}).
     */
    public static final Pattern MEMORY_OVERCOMMIT_WARNING = Pattern.compile("^WARNING Memory overcommit must be enabled!");

    /** {@code tcp-backlog} above the kernel's {@code net.core.somaxconn}. */
    public static final Pattern TCP_BACKLOG_WARNING =
            Pattern.compile("^WARNING: The TCP backlog setting of \\d+ cannot be enforced");

    /** Transparent Huge Pages enabled and {@code disable-thp} could not turn them off (6.2 and 7.x wordings). */
    public static final Pattern TRANSPARENT_HUGE_PAGES_WARNING =
            Pattern.compile("^WARNING [Yy]ou have Transparent Huge Pages \\(THP\\) support enabled");

    private static final LogRules DEFAULTS = new LogRules(List.of());

    private final List<Pattern> allowed;

    private LogRules(List<Pattern> allowed) {
        this.allowed = List.copyOf(allowed);
    }

    /** Every known finding is forbidden; nothing allow-listed. */
    public static LogRules defaults() {
        return DEFAULTS;
    }

    /** These rules, plus tolerance for any log message the pattern finds. */
    public LogRules allow(Pattern message) {
        requireNonNull(message, "message pattern");
        List<Pattern> extended = new ArrayList<>(allowed);
        extended.add(message);
        return new LogRules(extended);
    }

    /** These rules, plus tolerance for any log message the regular expression finds. */
    public LogRules allow(String messageRegex) {
        return allow(Pattern.compile(messageRegex));
    }

    public List<Pattern> allowed() {
        return allowed;
    }

    public boolean allows(String message) {
        return allowed.stream().anyMatch(pattern -> pattern.matcher(message).find());
    }

    @Override
    public String toString() {
        return allowed.isEmpty() ? "LogRules.defaults()" : "LogRules.defaults() allowing " + allowed;
    }
}

package io.github.redishajunit.assertions;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line in Redis's log format, {@code pid:R dd Mon yyyy hh:mm:ss.mmm L message} (redis/redis
 * {@code serverLogRaw}), where {@code R} is the role ({@code M} master, {@code S} replica, {@code C} child or
 * pre-init, {@code X} sentinel) and {@code L} the level ({@code .} debug, {@code -} verbose, {@code *} notice,
 * {@code #} warning). A Kubernetes {@code --timestamps} prefix is tolerated.
 *
 * @param text the whole line, as logged
 */
record LogLine(String text, char role, char level, String message) {

    private static final Pattern FORMAT = Pattern.compile(
            "^(?:\\d{4}-\\d{2}-\\d{2}T\\S+ )?\\d+:([A-Z]) \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} ([.\\-*#]) (.*)$");

    /** The line as a Redis log line, or empty for lines in other formats (image banners, signal handlers). */
    public static Optional<LogLine> parse(String text) {
        Matcher matcher = FORMAT.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new LogLine(text, matcher.group(1).charAt(0), matcher.group(2).charAt(0), matcher.group(3)));
    }

    public boolean isWarningLevel() {
        return level == '#';
    }
}

package io.github.redishajunit.internal.settings;

import io.github.redishajunit.Endpoint;
import io.github.redishajunit.RedisHACluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * The parsers of setting values that are not plain strings or integers: durations, endpoints, quantities, and the
 * manifest's location.
 */
@API(status = API.Status.INTERNAL)
public final class SettingParsers {

    private static final Pattern QUANTITY =
            Pattern.compile("\\+?(\\d+(\\.\\d*)?|\\.\\d+)(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\\d+)?");
    private static final Pattern ENDPOINT = Pattern.compile("(?:\\[([0-9a-fA-F:]+)]|([^:\\s\\[\\]]+)):(\\d{1,5})");
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private SettingParsers() {}

    /** Parses ISO-8601 ({@code PT3M}) or simple durations ({@code 90s}, {@code 3m}, {@code 1m30s}, {@code 500ms}). */
    public static Optional<Duration> parseDuration(String text) {
        String value = text.trim();
        Duration parsed = null;
        if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                parsed = Duration.parse(value);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        } else if (!value.isEmpty()) {
            Matcher m = SIMPLE_DURATION.matcher(value);
            parsed = Duration.ZERO;
            int end = 0;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                parsed = parsed.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
                end = m.end();
            }
            if (end != value.length()) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(parsed).filter(d -> !d.isNegative() && !d.isZero());
    }

    /** {@code host:port} or {@code [ipv6]:port}. */
    static Optional<Endpoint> parseEndpoint(String value) {
        Matcher m = ENDPOINT.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String host = m.group(1) != null ? m.group(1) : m.group(2);
            return Optional.of(new Endpoint(host, Integer.parseInt(m.group(3))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A Kubernetes quantity ({@code 8Gi}, {@code 500Mi}, {@code 1.5G}) greater than zero. */
    static boolean isPositiveQuantity(String value) {
        Matcher m = QUANTITY.matcher(value);
        return m.matches() && Double.parseDouble(m.group(1)) > 0;
    }

    /** The manifest location to load: {@code classpath:...} as given, a file as an absolute path. */
    static String manifestLocation(SettingValue<String> v) {
        String location = v.value();
        if (location.startsWith("classpath:")) {
            String resource = location.substring("classpath:".length()).replaceFirst("^/", "");
            if (Thread.currentThread().getContextClassLoader().getResource(resource) == null
                    && SettingParsers.class.getClassLoader().getResource(resource) == null) {
                throw v.invalid("manifest " + resource + " is not on the classpath (give classpath:path/in/a/jar.yaml"
                        + " or a file path; the default is " + RedisHACluster.DEFAULT_MANIFEST + ")");
            }
            return location;
        } else {
            Path path = Path.of(expandHome(location));
            if (!Files.isRegularFile(path)) {
                throw v.invalid("manifest file " + path.toAbsolutePath() + " does not exist (give a file path"
                        + " relative to " + Path.of("").toAbsolutePath() + " or classpath:path/in/a/jar.yaml)");
            }
            return path.toAbsolutePath().toString();
        }
    }

    static String expandHome(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }
}

package io.github.redishajunit.internal.manifest;

import io.github.redishajunit.internal.settings.ConfigResolver;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.apiguardian.api.API;

/**
 * The labels and annotations that let a sweep find what a test run left behind ({@code OrphanSweep}, or by hand:
 * {@code kubectl get namespace -l app.kubernetes.io/managed-by=redis-ha-junit}): the creation time and TTL
 * annotations say when a namespace may go.
 */
@API(status = API.Status.INTERNAL)
public final class RunLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "redis-ha-junit";
    public static final String RUN_ID = "redis-ha-junit/run-id";
    public static final String TEST_CLASS = "redis-ha-junit/test-class";
    public static final String CREATED_AT = "redis-ha-junit/created-at";
    public static final String TTL = "redis-ha-junit/ttl";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private RunLabels() {}

    /** A new run id: UTC timestamp plus a random suffix, a valid label value. */
    public static String newRunId() {
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
                + randomSuffix(4);
    }

    public static Map<String, String> labels(String runId) {
        return Map.of(MANAGED_BY, MANAGER, RUN_ID, runId);
    }

    /** A TTL as the annotation says it, and as {@link ConfigResolver#parseDuration} reads it back: 2h, 30m, 90s. */
    public static String ttl(Duration ttl) {
        long seconds = Math.max(1, ttl.toSeconds());
        return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }

    public static String randomSuffix(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}

package io.github.redishajunit.internal;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The labels and annotations that let a sweep find what a test run left behind, e.g. {@code kubectl delete
 * namespace -l app.kubernetes.io/managed-by=redis-ha-junit}.
 */
final class RunLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "redis-ha-junit";
    public static final String RUN_ID = "redis-ha-junit/run-id";
    public static final String TEST_CLASS = "redis-ha-junit/test-class";
    public static final String CREATED_AT = "redis-ha-junit/created-at";
    public static final String TTL = "redis-ha-junit/ttl";
    /** How long a sweep should leave a namespace alone; the annotation is advice, nothing enforces it. */
    public static final String DEFAULT_TTL = "2h";

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

    static String randomSuffix(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}

package io.github.redishajunit.certification;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link CertificationResult} as one JSON object ({@code --json FILE}), schema {@value #SCHEMA}; the fields are
 * listed in {@code docs/report-schema.md}. Counts and milliseconds are numbers; a figure's name ends in its unit
 * ({@code durationMs}, {@code maxBytes}). Holds only what the result holds: no password ever reaches it.
 */
final class JsonReport {

    /** The schema's name and version; a field is only ever added under the same version. */
    static final String SCHEMA = "redis-ha-junit/certification/1";

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private JsonReport() {}

    static void write(CertificationResult result, Path file) {
        ReportFile.write(file, render(result) + System.lineSeparator(), "JSON report");
    }

    static String render(CertificationResult result) {
        return JSON.writeValueAsString(tree(result));
    }

    static Map<String, Object> tree(CertificationResult result) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schema", SCHEMA);
        root.put("target", result.target());
        root.put("certified", result.certified());
        Map<String, Object> counts = new LinkedHashMap<>();
        for (StepResult.Status status : StepResult.Status.values()) {
            counts.put(countName(status), result.count(status));
        }
        root.put("counts", counts);
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("found", result.found());
        stack.put("pods", grouped(result.stack(), "pod"));
        stack.put("sentinels", grouped(result.stack(), "sentinel"));
        root.put("stack", stack);
        root.put("environment", typed(result.environment()));
        List<Object> steps = new ArrayList<>();
        List<Object> drills = new ArrayList<>();
        for (StepResult step : result.steps()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", step.id());
            node.put("name", step.name());
            node.put("status", step.status().label());
            node.put("durationMs", step.durationMs());
            node.put("details", step.details());
            node.put("warnings", step.warnings());
            node.put("failure", step.failure().orElse(null));
            node.put("evidence", step.evidence());
            node.put("figures", figures(step.figures()));
            if (!step.drill().isEmpty()) {
                Map<String, Object> drill = figures(step.drill());
                drill.put("step", step.id());
                drill.put("status", step.status().label());
                node.put("drill", drill);
                drills.add(drill);
            }
            steps.add(node);
        }
        root.put("steps", steps);
        root.put("drills", drills);
        root.put("drillLines", result.drills());
        return root;
    }

    private static String countName(StepResult.Status status) {
        return switch (status) {
            case PASS -> "passed";
            case WARN -> "warned";
            case FAIL -> "failed";
            case NOT_APPLICABLE -> "notApplicable";
            case SKIPPED -> "skipped";
        };
    }

    /** Figures, typed, with the per-replica ones ({@code replica:NAME:FIELD}) as {@code replicas: [{name, FIELD}]}. */
    private static Map<String, Object> figures(Map<String, String> figures) {
        Map<String, String> plain = new LinkedHashMap<>();
        figures.forEach((key, value) -> {
            if (!key.startsWith("replica:")) {
                plain.put(key, value);
            }
        });
        Map<String, Object> drill = typed(plain);
        List<Map<String, Object>> replicas = grouped(figures, "replica");
        if (!replicas.isEmpty()) {
            drill.put("replicas", replicas);
        }
        return drill;
    }

    /** The entries {@code KIND:NAME:FIELD} of {@code facts} as one object per NAME, in order: {@code {name, FIELD...}}. */
    private static List<Map<String, Object>> grouped(Map<String, String> facts, String kind) {
        Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
        facts.forEach((key, value) -> {
            String[] parts = key.split(":", 3);
            if (parts.length == 3 && parts[0].equals(kind)) {
                byName.computeIfAbsent(parts[1], name -> {
                    Map<String, Object> node = new LinkedHashMap<>();
                    node.put("name", name);
                    return node;
                }).put(parts[2], typed(parts[2], value));
            }
        });
        return new ArrayList<>(byName.values());
    }

    private static Map<String, Object> typed(Map<String, String> values) {
        Map<String, Object> typed = new LinkedHashMap<>();
        values.forEach((key, value) -> typed.put(key, typed(key, value)));
        return typed;
    }

    /** A count or a measure (a name ending in {@code Ms}, {@code Bytes}, ...) as a number when it is one. */
    private static Object typed(String key, String value) {
        return value.matches("-?\\d{1,18}") && !key.equals("name") && !key.equals("version") ? Long.valueOf(value)
                : value;
    }
}

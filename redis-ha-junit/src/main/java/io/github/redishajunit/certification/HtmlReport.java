package io.github.redishajunit.certification;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link CertificationResult} as one self-contained HTML page ({@code --html FILE}): no script, no fetch, inline CSS
 * and SVG. The verdict and counts, what was found and where, the topology drawn (master, replicas and Sentinels with
 * their links), the steps as a table, each replica's propagation latency, and for each drill a timeline (the fault,
 * writes failing, writes back, the Sentinels agreeing, every replica re-linked) with its figures.
 */
final class HtmlReport {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1200px}
            h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
            .verdict{display:inline-block;padding:3px 10px;border-radius:4px;color:#fff;font-weight:600}
            .ok{background:#1a7f37}.ko{background:#c62828}
            table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #dde;padding:5px 8px;
            text-align:left;vertical-align:top}th{background:#f3f4f8}
            .PASS{color:#1a7f37;font-weight:600}.WARN{color:#b26a00;font-weight:600}
            .FAIL,.SKIP{color:#c62828;font-weight:600}.NA{color:#667;font-weight:600}
            .detail{color:#445;font-size:12.5px;white-space:pre-wrap;word-break:break-word}
            .muted{color:#667}svg text{font:12px system-ui,sans-serif}
            """;

    private HtmlReport() {}

    static void write(CertificationResult result, Path file) {
        ReportFile.write(file, render(result), "HTML report");
    }

    static String render(CertificationResult result) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>Redis HA certification ").append(escape(result.target())).append("</title><style>")
                .append(STYLE).append("</style></head><body>\n");
        boolean certified = result.certified();
        html.append("<h1>Redis HA certification</h1><p><span class=\"verdict ").append(certified ? "ok" : "ko")
                .append("\">").append(certified ? "CERTIFIED" : "NOT CERTIFIED").append("</span> the stack ")
                .append(escape(result.target())).append(": ").append(counts(result)).append("</p>\n");
        html.append("<p class=\"detail\">").append(escape(result.found())).append("</p>\n");
        environment(html, result.environment());
        html.append("<h2>Topology</h2>\n").append(TopologyDrawing.svg(result)).append('\n');
        steps(html, result.steps());
        latency(html, result.steps());
        drills(html, result.steps());
        html.append("<p class=\"muted\">redis-ha-junit ").append(escape(result.environment()
                .getOrDefault("libraryVersion", StackFacts.libraryVersion()))).append("</p>\n</body></html>\n");
        return html.toString();
    }

    private static String counts(CertificationResult result) {
        List<String> parts = new ArrayList<>();
        for (StepResult.Status status : StepResult.Status.values()) {
            long count = result.count(status);
            if (count > 0) {
                parts.add(count + " " + status.label());
            }
        }
        return String.join(", ", parts);
    }

    private static void environment(StringBuilder html, Map<String, String> environment) {
        if (environment.isEmpty()) {
            return;
        }
        html.append("<h2>Environment</h2><table>");
        environment.forEach((key, value) -> html.append("<tr><th>").append(escape(key)).append("</th><td>")
                .append(escape(value)).append("</td></tr>"));
        html.append("</table>\n");
    }

    private static void steps(StringBuilder html, List<StepResult> steps) {
        html.append("<h2>Steps</h2><table><tr><th>Step</th><th>Status</th><th>Time</th><th>What it checks, and what"
                + " it saw</th></tr>\n");
        for (StepResult step : steps) {
            String label = step.status().label();
            html.append("<tr><td>").append(escape(step.id())).append("</td><td class=\"")
                    .append(label.equals("N/A") ? "NA" : label).append("\">").append(label).append("</td><td>")
                    .append(step.durationMs()).append(" ms</td><td>").append(escape(step.name()));
            List<String> lines = new ArrayList<>();
            step.warnings().forEach(warning -> lines.add("warning: " + warning));
            lines.addAll(step.details());
            step.failure().ifPresent(lines::add);
            step.evidence().forEach(evidence -> lines.add("evidence: " + evidence));
            if (!lines.isEmpty()) {
                html.append("<div class=\"detail\">").append(escape(String.join("\n", lines))).append("</div>");
            }
            html.append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    /** Each replica's propagation latency (step 2's figures) as bars. */
    private static void latency(StringBuilder html, List<StepResult> steps) {
        Map<String, Long> micros = new LinkedHashMap<>();
        steps.stream().filter(step -> step.id().equals("2")).findFirst().ifPresent(step -> step.figures()
                .forEach((key, value) -> {
                    String[] parts = key.split(":", 3);
                    if (parts.length == 3 && parts[0].equals("replica") && parts[2].equals("latencyUs")) {
                        micros.put(parts[1], Long.parseLong(value));
                    }
                }));
        if (micros.isEmpty()) {
            return;
        }
        long max = Math.max(1, micros.values().stream().mapToLong(Long::longValue).max().orElse(1));
        int row = 26;
        html.append("<h2>Propagation latency per replica</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\""
                + " height=\"").append(row * micros.size() + 10).append("\" role=\"img\" aria-label=\"propagation"
                + " latency per replica\">");
        int y = 5;
        for (Map.Entry<String, Long> replica : micros.entrySet()) {
            long width = Math.max(2, Math.round(480.0 * replica.getValue() / max));
            html.append("<text x=\"0\" y=\"").append(y + 15).append("\">").append(escape(replica.getKey()))
                    .append("</text><rect x=\"180\" y=\"").append(y + 3).append("\" width=\"").append(width)
                    .append("\" height=\"16\" fill=\"#3b6fd8\"/><text x=\"").append(186 + width).append("\" y=\"")
                    .append(y + 15).append("\">").append(millis(replica.getValue() / 1000.0)).append("</text>");
            y += row;
        }
        html.append("</svg>\n");
    }

    private static void drills(StringBuilder html, List<StepResult> steps) {
        List<StepResult> drills = steps.stream().filter(step -> !step.drill().isEmpty()).toList();
        if (drills.isEmpty()) {
            return;
        }
        html.append("<h2>Drills</h2>\n");
        for (StepResult step : drills) {
            Map<String, String> figures = step.drill();
            String label = step.status().label();
            html.append("<h3>").append(escape(step.id() + ". " + figures.getOrDefault("name", step.name())))
                    .append(" <span class=\"").append(label).append("\">").append(label).append("</span></h3>\n")
                    .append("<p class=\"detail\">").append(escape(figures.getOrDefault("drill", step.name())))
                    .append("</p>\n").append(DrillTimeline.svg(figures)).append("\n<table>");
            figures.forEach((key, value) -> {
                if (!key.equals("name") && !key.equals("drill")) {
                    html.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value))
                            .append("</td></tr>");
                }
            });
            html.append("</table>\n");
        }
    }

    static String millis(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}

package io.github.redishajunit.certification;

import static io.github.redishajunit.certification.HtmlReport.escape;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stack found, drawn as inline SVG: the master on top, its replicas below with their replication links, the
 * Sentinels at the bottom with a dashed line to the master they watch. Each box names the pod, its role, its server
 * version and its node.
 */
final class TopologyDrawing {

    private static final int BOX_WIDTH = 170;
    private static final int BOX_HEIGHT = 54;
    private static final int GAP = 20;

    private TopologyDrawing() {}

    static String svg(CertificationResult result) {
        Map<String, Map<String, String>> pods = byName(result.stack(), "pod");
        Map<String, Map<String, String>> sentinels = byName(result.stack(), "sentinel");
        List<String> masters = new ArrayList<>();
        List<String> replicas = new ArrayList<>();
        pods.forEach((name, facts) -> ("master".equals(facts.get("role")) ? masters : replicas).add(name));
        int columns = Math.max(1, Math.max(replicas.size(), Math.max(masters.size(), sentinels.size())));
        int width = Math.max(760, columns * (BOX_WIDTH + GAP) + GAP);
        int height = sentinels.isEmpty() ? 190 : 290;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width
                + "\" height=\"" + height + "\" role=\"img\" aria-label=\"topology: master, replicas and Sentinels\">");
        if (pods.isEmpty()) {
            return svg.append("<text x=\"10\" y=\"30\">no pod found: the stack could not be attached to</text></svg>")
                    .toString();
        }
        Map<String, int[]> centers = new LinkedHashMap<>();
        row(masters, width, 16, "", centers);
        row(replicas, width, 126, "", centers);
        row(new ArrayList<>(sentinels.keySet()), width, 226, "sentinel:", centers);
        int[] master = masters.isEmpty() ? null : centers.get(masters.get(0));
        if (master != null) {
            for (String replica : replicas) {
                int[] at = centers.get(replica);
                svg.append(line(master[0], master[1] + BOX_HEIGHT / 2, at[0], at[1] - BOX_HEIGHT / 2, "#3b6fd8", ""));
            }
            for (String sentinel : sentinels.keySet()) {
                int[] at = centers.get("sentinel:" + sentinel);
                svg.append(line(at[0], at[1] - BOX_HEIGHT / 2, master[0] + 8, master[1] + BOX_HEIGHT / 2, "#8a56c2",
                        " stroke-dasharray=\"5 4\""));
            }
        }
        for (String name : masters) {
            svg.append(box(centers.get(name), name, pods.get(name), "#e7f4ea", "#1a7f37"));
        }
        for (String name : replicas) {
            svg.append(box(centers.get(name), name, pods.get(name), "#eaf0fb", "#3b6fd8"));
        }
        for (String name : sentinels.keySet()) {
            Map<String, String> facts = new LinkedHashMap<>(sentinels.get(name));
            facts.put("role", "Sentinel");
            svg.append(box(centers.get("sentinel:" + name), name, facts, "#f3ecfa", "#8a56c2"));
        }
        return svg.append("</svg>").toString();
    }

    /** Spreads {@code names} across one row at {@code top}: their centers, keyed {@code prefix + name}. */
    private static void row(List<String> names, int width, int top, String prefix, Map<String, int[]> centers) {
        int step = width / Math.max(1, names.size());
        for (int i = 0; i < names.size(); i++) {
            centers.put(prefix + names.get(i), new int[] {step * i + step / 2, top + BOX_HEIGHT / 2});
        }
    }

    private static String line(int x1, int y1, int x2, int y2, String color, String extra) {
        return "<line x1=\"" + x1 + "\" y1=\"" + y1 + "\" x2=\"" + x2 + "\" y2=\"" + y2 + "\" stroke=\"" + color
                + "\" stroke-width=\"2\"" + extra + "/>";
    }

    private static String box(int[] center, String name, Map<String, String> facts, String fill, String stroke) {
        int x = center[0] - BOX_WIDTH / 2;
        int y = center[1] - BOX_HEIGHT / 2;
        String second = String.join(", ", facts.getOrDefault("role", "?"), facts.getOrDefault("version", "")).replaceAll(", $", "");
        String third = facts.containsKey("node") ? "node " + facts.get("node") : facts.getOrDefault("address", "");
        return "<g><rect x=\"" + x + "\" y=\"" + y + "\" width=\"" + BOX_WIDTH + "\" height=\"" + BOX_HEIGHT
                + "\" rx=\"6\" fill=\"" + fill + "\" stroke=\"" + stroke + "\"/>" + text(x + 8, y + 17, name, true)
                + text(x + 8, y + 33, second, false) + text(x + 8, y + 48, third, false) + "</g>";
    }

    private static String text(int x, int y, String content, boolean bold) {
        String shown = content.length() > 26 ? content.substring(0, 25) + "…" : content;
        return "<text x=\"" + x + "\" y=\"" + y + "\"" + (bold ? " font-weight=\"600\"" : "") + "><title>"
                + escape(content) + "</title>" + escape(shown) + "</text>";
    }

    /** The facts {@code KIND:NAME:FIELD} as {@code NAME -> {FIELD -> value}}, in order. */
    private static Map<String, Map<String, String>> byName(Map<String, String> facts, String kind) {
        Map<String, Map<String, String>> byName = new LinkedHashMap<>();
        facts.forEach((key, value) -> {
            String[] parts = key.split(":", 3);
            if (parts.length == 3 && parts[0].equals(kind)) {
                byName.computeIfAbsent(parts[1], name -> new LinkedHashMap<>()).put(parts[2], value);
            }
        });
        return byName;
    }
}

package io.github.redishajunit.certification;

import static io.github.redishajunit.certification.HtmlReport.escape;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One drill's timeline as inline SVG, from its figures: the fault at 0, the span in which writes failed, writes back,
 * every Sentinel agreeing, every replica re-linked; for the lag drill the load's span and the replicas caught up.
 */
final class DrillTimeline {

    private static final int LEFT = 20;
    private static final int WIDTH = 720;
    private static final int AXIS = 70;

    private record Mark(long ms, String label, String color) {}

    private DrillTimeline() {}

    static String svg(Map<String, String> figures) {
        List<Mark> marks = new ArrayList<>();
        long spanFrom = 0;
        long spanTo = 0;
        String spanLabel;
        String spanColor;
        if ("lag".equals(figures.get("name"))) {
            spanTo = number(figures, "durationMs");
            spanLabel = "load";
            spanColor = "#3b6fd8";
            marks.add(new Mark(spanTo + number(figures, "caughtUpMs"), "replicas caught up", "#1a7f37"));
        } else {
            long back = number(figures, "writesBackMs");
            long outage = number(figures, "writeOutageMs");
            spanFrom = back - outage;
            spanTo = outage > 0 ? back : spanFrom;
            spanLabel = "writes failing";
            spanColor = "#c62828";
            marks.add(new Mark(0, "fault", "#c62828"));
            if (outage > 0) {
                marks.add(new Mark(back, "writes back", "#1a7f37"));
            }
            if (figures.containsKey("sentinelsAgreedMs")) {
                marks.add(new Mark(number(figures, "sentinelsAgreedMs"), "Sentinels agree", "#8a56c2"));
            }
            marks.add(new Mark(number(figures, "replicasRelinkedMs"), "replicas re-linked", "#3b6fd8"));
        }
        long end = Math.max(1000, Math.max(spanTo, marks.stream().mapToLong(Mark::ms).max().orElse(0)));
        end = end + end / 12;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + (WIDTH + 2 * LEFT)
                + "\" height=\"130\" role=\"img\" aria-label=\"drill timeline\">");
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(AXIS).append("\" x2=\"").append(LEFT + WIDTH)
                .append("\" y2=\"").append(AXIS).append("\" stroke=\"#889\"/>");
        for (int tick = 0; tick <= 4; tick++) {
            long ms = end * tick / 4;
            svg.append("<text x=\"").append(x(ms, end) - 10).append("\" y=\"").append(AXIS + 44).append("\" fill=\"#667\">")
                    .append(seconds(ms)).append("</text>");
        }
        if (spanTo > spanFrom) {
            svg.append("<rect x=\"").append(x(spanFrom, end)).append("\" y=\"").append(AXIS - 8).append("\" width=\"")
                    .append(Math.max(2, x(spanTo, end) - x(spanFrom, end))).append("\" height=\"16\" fill=\"")
                    .append(spanColor).append("\" fill-opacity=\"0.25\"><title>").append(spanLabel).append(' ')
                    .append(seconds(spanFrom)).append(" to ").append(seconds(spanTo)).append("</title></rect>")
                    .append("<text x=\"").append(x(spanFrom, end) + 2).append("\" y=\"").append(AXIS + 24)
                    .append("\" fill=\"").append(spanColor).append("\">").append(spanLabel).append("</text>");
        }
        for (int i = 0; i < marks.size(); i++) {
            Mark mark = marks.get(i);
            int at = x(mark.ms(), end);
            int labelY = i % 2 == 0 ? AXIS - 40 : AXIS - 22;
            svg.append("<line x1=\"").append(at).append("\" y1=\"").append(labelY + 4).append("\" x2=\"").append(at)
                    .append("\" y2=\"").append(AXIS + 8).append("\" stroke=\"").append(mark.color())
                    .append("\" stroke-width=\"2\"/><text x=\"").append(Math.min(at + 3, LEFT + WIDTH - 150))
                    .append("\" y=\"").append(labelY).append("\" fill=\"").append(mark.color()).append("\">")
                    .append(escape(mark.label() + " " + seconds(mark.ms()))).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static int x(long ms, long end) {
        return LEFT + (int) Math.round(WIDTH * (double) ms / end);
    }

    private static long number(Map<String, String> figures, String key) {
        String value = figures.getOrDefault(key, "0");
        return value.matches("-?\\d+") ? Long.parseLong(value) : 0;
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

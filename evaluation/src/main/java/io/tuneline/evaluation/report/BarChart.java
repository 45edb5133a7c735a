package io.tuneline.evaluation.report;

import java.util.List;
import java.util.Locale;

/**
 * A grouped bar chart as inline SVG: one group per metric, one bar per system, each with a whisker for its
 * confidence interval. Values are on a 0..1 axis (ROUGE F-measures and accuracies).
 */
public final class BarChart {

    static final String[] COLORS = {"#8c8c8c", "#4e79a7", "#59a14f", "#f28e2b", "#b07aa1", "#e15759", "#76b7b2"};

    private static final int HEIGHT = 300;
    private static final int TOP = 20;
    private static final int LEFT = 44;
    private static final int BAR = 22;
    private static final int GAP = 26;

    private BarChart() {
    }

    /**
     * @param groups one label per group (metric)
     * @param series one label per bar in a group (system)
     * @param value  {@code value[series][group]}; {@code lower} and {@code upper} likewise
     */
    public static String svg(List<String> groups, List<String> series, double[][] value, double[][] lower,
            double[][] upper) {
        int groupWidth = series.size() * BAR + GAP;
        int plotWidth = groups.size() * groupWidth;
        int width = LEFT + plotWidth + 10;
        int legendHeight = 20 * series.size();
        int total = TOP + HEIGHT + 30 + legendHeight;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"scores per metric with 95%% intervals\" "
                + "font-family=\"sans-serif\" font-size=\"12\">", width, total, width, total));
        for (int tick = 0; tick <= 10; tick += 2) {
            double y = y(tick / 10.0);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#e0e0e0\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">%.1f</text>",
                    LEFT, LEFT + plotWidth, y, y, LEFT - 6, y + 4, tick / 10.0));
        }
        for (int g = 0; g < groups.size(); g++) {
            int groupX = LEFT + g * groupWidth + GAP / 2;
            for (int s = 0; s < series.size(); s++) {
                int x = groupX + s * BAR;
                double top = y(clamp(value[s][g]));
                String color = COLORS[s % COLORS.length];
                svg.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" data-series=\"%s\" data-group=\"%s\" x=\"%d\" y=\"%.1f\" width=\"%d\" "
                                + "height=\"%.1f\" fill=\"%s\"><title>%s %s: %.3f [%.3f, %.3f]</title></rect>",
                        Html.escape(series.get(s)), Html.escape(groups.get(g)), x + 2, top, BAR - 4,
                        y(0) - top, color, Html.escape(series.get(s)), Html.escape(groups.get(g)),
                        value[s][g], lower[s][g], upper[s][g]));
                double mid = x + BAR / 2.0;
                double yLow = y(clamp(lower[s][g]));
                double yHigh = y(clamp(upper[s][g]));
                svg.append(String.format(Locale.ROOT, "<path class=\"whisker\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f "
                                + "%.1fH%.1f\" stroke=\"#222\" stroke-width=\"1.2\" fill=\"none\"/>",
                        mid, yLow, yHigh, mid - 4, yLow, mid + 4, mid - 4, yHigh, mid + 4));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    groupX + series.size() * BAR / 2.0, TOP + HEIGHT + 18, Html.escape(groups.get(g))));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
                LEFT, LEFT + plotWidth, y(0), y(0)));
        for (int s = 0; s < series.size(); s++) {
            int legendY = TOP + HEIGHT + 34 + 20 * s;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", LEFT, legendY, COLORS[s % COLORS.length], LEFT + 18,
                    legendY + 11, Html.escape(series.get(s))));
        }
        return svg.append("</svg>").toString();
    }

    private static double y(double value) {
        return TOP + HEIGHT * (1 - value);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}

package io.tuneline.evaluation.report;

import static io.tuneline.evaluation.report.Html.escape;

import io.tuneline.evaluation.RunComparison;
import io.tuneline.evaluation.RunComparison.ComparedRun;
import io.tuneline.evaluation.RunComparison.HeldOutChange;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@link RunComparison} as a self-contained HTML page (the table and an SVG of target gain against forgetting,
 * the trade-off the runs are compared for) and as a plain-text table for terminals and logs.
 */
public final class ComparisonReport {

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
            table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
            th{background:#f3f3f3;text-align:left}td.num{text-align:right;white-space:nowrap}
            .better{color:#1a7f37}.worse{color:#c62828;font-weight:bold}.unchanged{color:#666}small{color:#666}
            """;
    private static final int WIDTH = 560;
    private static final int HEIGHT = 360;
    private static final int MARGIN = 56;

    private ComparisonReport() {
    }

    public static String html(RunComparison comparison) {
        Metric target = Metric.fromKey(comparison.targetMetric());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Tuneline run comparison</title><style>" + STYLE + "</style></head><body>");
        html.append("<h1>Fine-tuning runs compared</h1><p>Target task: ").append(escape(target.label()))
                .append(" of the fine-tuned model against its base model on the run's test split (paired difference,"
                        + " seeded 95 % bootstrap interval). Forgetting: the held-out tasks' change relative to the"
                        + " base model's score. Cost: as the training worker reported it.</p>");
        html.append("<table id=\"comparison\"><tr><th>run</th><th>method</th><th>").append(escape(target.label()))
                .append(" base → fine-tuned</th><th>target gain [95 %]</th><th>held-out tasks: mean change</th>"
                        + "<th>tasks worse</th>");
        comparison.heldOutTasks().forEach(task -> html.append("<th>").append(escape(task)).append("</th>"));
        html.append("<th>trainable parameters</th><th>checkpoint size</th><th>training time</th><th>decision</th></tr>");
        for (ComparedRun run : comparison.runs()) {
            html.append("<tr><td>").append(escape(run.runId())).append("</td><td>").append(escape(run.label()))
                    .append("</td><td class=\"num\">").append(target.format(run.baseScore().estimate()))
                    .append(" → ").append(target.format(run.score().estimate())).append("</td><td class=\"num ")
                    .append(cssClass(run.gain())).append("\">").append(target.formatChange(run.gain().estimate()))
                    .append(" <small>").append(target.formatInterval(run.gain().lower(), run.gain().upper(), true))
                    .append("</small></td><td class=\"num\">").append(percent(run.meanRelativeChange()))
                    .append("</td><td class=\"num\">").append(run.tasksWorse()).append(" of ")
                    .append(run.heldOut().size()).append("</td>");
            for (String task : comparison.heldOutTasks()) {
                Optional<HeldOutChange> change = run.heldOut().stream().filter(c -> c.task().equals(task)).findFirst();
                html.append("<td class=\"num ").append(change.map(c -> cssClass(c.change())).orElse(""))
                        .append("\">").append(change.map(c -> Metric.fromKey(c.metric()).format(c.after())
                                + " <small>(" + percent(c.relativeChange()) + ")</small>").orElse("—"))
                        .append("</td>");
            }
            html.append("<td class=\"num\">").append(escape(parameters(run))).append("</td><td class=\"num\">")
                    .append(escape(bytes(run.checkpointBytes()))).append("</td><td class=\"num\">")
                    .append(escape(time(run))).append("</td><td>").append(escape(run.decision())).append("</td></tr>");
        }
        html.append("</table><h2>Target gain against forgetting</h2><figure id=\"tradeoff\">").append(svg(comparison))
                .append("<figcaption><small>right is a larger gain on the target task (whiskers: 95 % interval), up is"
                        + " less forgetting (0 % = held-out tasks as good as the base model)</small></figcaption>"
                        + "</figure></body></html>");
        return html.toString();
    }

    /** Gain on the target task (x, with interval) against the mean relative change of the held-out tasks (y). */
    public static String svg(RunComparison comparison) {
        List<ComparedRun> runs = comparison.runs();
        double xMin = 0;
        double xMax = 0.1;
        double yMin = -1;
        double yMax = 0.1;
        for (ComparedRun run : runs) {
            xMin = Math.min(xMin, run.gain().lower());
            xMax = Math.max(xMax, run.gain().upper());
            double y = run.meanRelativeChange() == null ? 0 : run.meanRelativeChange();
            yMin = Math.min(yMin, y);
            yMax = Math.max(yMax, y);
        }
        Axis x = new Axis(xMin, xMax + 0.05 * (xMax - xMin), MARGIN, WIDTH - 20);
        Axis y = new Axis(yMin - 0.05, yMax + 0.05, HEIGHT - MARGIN, 20);
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"target gain against"
                + " forgetting per run\" font-family=\"sans-serif\" font-size=\"12\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>"
                        + "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>",
                x.at(x.min), x.at(x.max), y.at(0), y.at(0), x.at(0), x.at(0), y.at(y.min), y.at(y.max)));
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">target gain (%s)</text>"
                        + "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">held-out"
                        + " tasks: mean change</text>", (x.at(x.min) + x.at(x.max)) / 2, HEIGHT - 12,
                escape(Metric.fromKey(comparison.targetMetric()).label()), (y.at(y.min) + y.at(y.max)) / 2,
                (y.at(y.min) + y.at(y.max)) / 2));
        for (double tick : new double[] {-1, -0.5, 0}) {
            if (tick >= y.min && tick <= y.max) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">"
                        + "%s</text>", x.at(x.min) - 4, y.at(tick) + 4, percent(tick)));
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            ComparedRun run = runs.get(i);
            String color = BarChart.COLORS[(i + 1) % BarChart.COLORS.length];
            double cy = y.at(run.meanRelativeChange() == null ? 0 : run.meanRelativeChange());
            svg.append(String.format(Locale.ROOT, "<g class=\"run\" data-run=\"%s\"><path d=\"M%.1f %.1fH%.1f\""
                            + " stroke=\"%s\" stroke-width=\"2\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\">"
                            + "<title>%s: gain %.3f [%.3f, %.3f], held-out %s</title></circle><text x=\"%.1f\""
                            + " y=\"%.1f\">%s</text></g>", escape(run.runId()), x.at(run.gain().lower()), cy,
                    x.at(run.gain().upper()), color, x.at(run.gain().estimate()), cy, color, escape(run.label()),
                    run.gain().estimate(), run.gain().lower(), run.gain().upper(), percent(run.meanRelativeChange()),
                    x.at(run.gain().estimate()) + 9, cy - 8, escape(run.label())));
        }
        return svg.append("</svg>").toString();
    }

    /** The table for a terminal: one line per run. */
    public static String text(RunComparison comparison) {
        Metric target = Metric.fromKey(comparison.targetMetric());
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"run", target.label() + " base -> tuned", "gain [95 %]", "held-out change",
            "tasks worse", "trainable", "checkpoint", "time"});
        for (ComparedRun run : comparison.runs()) {
            rows.add(new String[] {run.label(), target.format(run.baseScore().estimate()) + " -> "
                    + target.format(run.score().estimate()), target.formatChange(run.gain().estimate()) + " "
                    + target.formatInterval(run.gain().lower(), run.gain().upper(), true),
                percent(run.meanRelativeChange()), run.tasksWorse() + " of " + run.heldOut().size(), parameters(run),
                bytes(run.checkpointBytes()), time(run)});
        }
        int[] widths = new int[rows.get(0).length];
        rows.forEach(row -> {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                out.append(String.format("%-" + widths[c] + "s", row[c])).append(c + 1 < row.length ? "  " : "");
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    private static String parameters(ComparedRun run) {
        if (run.trainableParameters() == null) {
            return "—";
        }
        Double share = run.trainableShare();
        return count(run.trainableParameters()) + (share == null ? ""
                : String.format(Locale.ROOT, " (%s %%)", share >= 0.1 ? String.format(Locale.ROOT, "%.0f", share * 100)
                        : String.format(Locale.ROOT, "%.2f", share * 100)));
    }

    private static String count(long n) {
        return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1f M", n / 1e6)
                : n >= 1_000 ? String.format(Locale.ROOT, "%.1f k", n / 1e3) : String.valueOf(n);
    }

    private static String bytes(Long n) {
        if (n == null) {
            return "—";
        }
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0)
                : n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : n + " B";
    }

    private static String time(ComparedRun run) {
        if (run.trainingSeconds() == null) {
            return "—";
        }
        String seconds = run.trainingSeconds() >= 600 ? String.format(Locale.ROOT, "%.1f min", run.trainingSeconds() / 60)
                : String.format(Locale.ROOT, "%.0f s", run.trainingSeconds());
        return run.steps() == null ? seconds : seconds + " (" + run.steps() + " steps)";
    }

    private static String percent(Double relative) {
        if (relative == null) {
            return "—";
        }
        long rounded = Math.round(relative * 100);
        return (rounded > 0 ? "+" : rounded < 0 ? "−" : "±") + Math.abs(rounded) + " %";
    }

    private static String cssClass(ConfidenceInterval change) {
        return change.excludesZeroAbove() ? "better" : change.excludesZeroBelow() ? "worse" : "unchanged";
    }

    /** Maps values in {@code [min, max]} linearly onto pixels {@code [from, to]}. */
    private record Axis(double min, double max, double from, double to) {
        double at(double value) {
            double clamped = Math.max(min, Math.min(max, value));
            return from + (clamped - min) / (max - min) * (to - from);
        }
    }
}

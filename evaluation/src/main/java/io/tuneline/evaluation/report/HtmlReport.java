package io.tuneline.evaluation.report;

import static io.tuneline.evaluation.report.Html.escape;

import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.ExampleResult;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The evaluation as one self-contained HTML page (no scripts, no external files): settings, the summary table,
 * an inline SVG bar chart of every system per metric with 95 % whiskers, the examples with the largest gain and
 * loss side by side, and the forgetting table.
 */
public final class HtmlReport {

    /** Examples shown in each of the gain and loss tables. */
    public static final int SHOWN_EXAMPLES = 20;

    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1400px}
            table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;vertical-align:top}
            th{background:#f3f3f3;text-align:left}td.num{text-align:right;white-space:nowrap}
            .better{color:#1a7f37}.worse{color:#c62828;font-weight:bold}.unchanged{color:#666}
            td.text{max-width:28em;white-space:pre-wrap;font-size:90%}small{color:#666}
            """;

    private HtmlReport() {
    }

    public static String render(EvaluationResult result) {
        List<Metric> metrics = Arrays.asList(Metric.values());
        Metric primary = Metric.fromKey(result.primaryMetric());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Tuneline evaluation</title><style>" + STYLE + "</style></head><body>");
        html.append("<h1>Evaluation: ").append(escape(result.candidateSystem() == null ? result.baseSystem()
                : result.candidateSystem() + " vs " + result.baseSystem())).append("</h1>");
        html.append("<p>").append(result.examples().size()).append(" test examples; ROUGE as rouge-score 0.1.2 "
                + "computes it (F-measure, best reference per example); intervals are seeded 95 % bootstrap "
                + "intervals; differences are paired, to the zero-shot base.</p>");
        if (!result.settings().isEmpty()) {
            html.append("<ul id=\"settings\">");
            result.settings().forEach((k, v) -> html.append("<li><b>").append(escape(k)).append("</b>: ")
                    .append(escape(v)).append("</li>"));
            html.append("</ul>");
        }

        html.append("<h2>Summary</h2><table id=\"summary\"><tr><th>system</th><th>shots used</th>");
        metrics.forEach(m -> html.append("<th>").append(escape(m.label())).append("</th>"));
        html.append("</tr>");
        for (SystemResult system : result.systems()) {
            html.append("<tr><td>").append(escape(system.name())).append("</td><td class=\"num\">")
                    .append(system.shots() == 0 ? "0" : String.format(Locale.ROOT, "%.1f of %d",
                            system.meanShotsUsed(), system.shots())).append("</td>");
            for (Metric metric : metrics) {
                ConfidenceInterval ci = system.metrics().get(metric.key());
                html.append("<td class=\"num\">").append(metric.format(ci.estimate())).append(" <small>")
                        .append(metric.formatInterval(ci.lower(), ci.upper(), false)).append("</small>");
                ConfidenceInterval diff = system.differenceToBase().get(metric.key());
                if (diff != null) {
                    html.append("<br><span class=\"").append(cssClass(diff)).append("\">")
                            .append(metric.formatChange(diff.estimate())).append("</span> <small>")
                            .append(metric.formatInterval(diff.lower(), diff.upper(), true)).append("</small>");
                }
                html.append("</td>");
            }
            html.append("</tr>");
        }
        html.append("</table>");

        html.append("<h2>Scores per metric</h2><figure id=\"chart\">").append(chart(result, metrics))
                .append("<figcaption><small>bars: corpus mean; whiskers: 95 % interval</small></figcaption></figure>");

        if (result.candidateSystem() != null) {
            html.append("<h2>Largest gains (").append(escape(primary.label())).append(")</h2>");
            examples(html, result, result.largestGains(SHOWN_EXAMPLES), "gains", primary);
            html.append("<h2>Largest losses (").append(escape(primary.label())).append(")</h2>");
            examples(html, result, result.largestLosses(SHOWN_EXAMPLES), "losses", primary);
        }

        if (!result.forgetting().isEmpty()) {
            html.append("<h2>Forgetting: held-out tasks before and after</h2><table id=\"forgetting\"><tr><th>task"
                    + "</th><th>model</th><th>metric</th><th>n</th><th>before</th><th>after</th><th>change [95 %]</th>"
                    + "<th>verdict</th><th>in words</th></tr>");
            for (ForgettingResult row : result.forgetting()) {
                Metric metric = Metric.fromKey(row.metric());
                html.append("<tr class=\"").append(row.verdict().name().toLowerCase(Locale.ROOT))
                        .append("\"><td>").append(escape(row.task())).append("</td><td>").append(escape(row.model()))
                        .append("</td><td>").append(escape(metric.label())).append("</td><td class=\"num\">")
                        .append(row.examples()).append("</td><td class=\"num\">")
                        .append(metric.format(row.before().estimate())).append("</td><td class=\"num\">")
                        .append(metric.format(row.after().estimate())).append("</td><td class=\"num\">")
                        .append(metric.formatChange(row.change().estimate())).append(" <small>")
                        .append(metric.formatInterval(row.change().lower(), row.change().upper(), true))
                        .append("</small></td><td class=\"").append(cssClass(row.change())).append("\">")
                        .append(row.verdict().name().toLowerCase(Locale.ROOT)).append("</td><td>")
                        .append(escape(row.summary())).append("</td></tr>");
            }
            html.append("</table>");
        }
        return html.append("</body></html>").toString();
    }

    private static String chart(EvaluationResult result, List<Metric> metrics) {
        List<SystemResult> systems = result.systems();
        double[][] value = new double[systems.size()][metrics.size()];
        double[][] lower = new double[systems.size()][metrics.size()];
        double[][] upper = new double[systems.size()][metrics.size()];
        for (int s = 0; s < systems.size(); s++) {
            for (int m = 0; m < metrics.size(); m++) {
                ConfidenceInterval ci = systems.get(s).metrics().get(metrics.get(m).key());
                value[s][m] = ci.estimate();
                lower[s][m] = ci.lower();
                upper[s][m] = ci.upper();
            }
        }
        return BarChart.svg(metrics.stream().map(Metric::label).toList(),
                systems.stream().map(SystemResult::name).toList(), value, lower, upper);
    }

    private static void examples(StringBuilder html, EvaluationResult result, List<ExampleResult> examples,
            String id, Metric primary) {
        if (examples.isEmpty()) {
            html.append("<p id=\"").append(id).append("\">none</p>");
            return;
        }
        String base = result.baseSystem();
        String candidate = result.candidateSystem();
        html.append("<table id=\"").append(id).append("\"><tr><th>example</th><th>input</th><th>reference(s)</th><th>")
                .append(escape(base)).append("</th><th>").append(escape(candidate)).append("</th><th>change</th></tr>");
        for (ExampleResult example : examples) {
            html.append("<tr><td>").append(escape(example.exampleId())).append("</td><td class=\"text\">")
                    .append(escape(abbreviate(example.input(), 600))).append("</td><td class=\"text\">")
                    .append(escape(String.join("\n—\n", example.references()))).append("</td><td class=\"text\">")
                    .append(escape(example.outputs().get(base))).append("<br><small>")
                    .append(primary.format(example.score(base, primary.key()))).append("</small></td>")
                    .append("<td class=\"text\">").append(escape(example.outputs().get(candidate))).append("<br><small>")
                    .append(primary.format(example.score(candidate, primary.key()))).append("</small></td>")
                    .append("<td class=\"num\">").append(primary.formatChange(result.gain(example)))
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String cssClass(ConfidenceInterval change) {
        return change.excludesZeroAbove() ? "better" : change.excludesZeroBelow() ? "worse" : "unchanged";
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

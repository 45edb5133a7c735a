package io.tuneline.evaluation.report;

import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary as a plain-text table for a terminal or a log, followed by the forgetting findings in words. */
public final class TerminalTable {

    private TerminalTable() {
    }

    public static String render(EvaluationResult result) {
        List<String[]> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("system", "shots"));
        for (Metric metric : Metric.values()) {
            header.add(metric.label());
        }
        rows.add(header.toArray(String[]::new));
        for (SystemResult system : result.systems()) {
            List<String> cells = new ArrayList<>(List.of(system.name(), system.shots() == 0 ? "0"
                    : String.format(Locale.ROOT, "%.1f", system.meanShotsUsed())));
            for (Metric metric : Metric.values()) {
                ConfidenceInterval ci = system.metrics().get(metric.key());
                ConfidenceInterval diff = system.differenceToBase().get(metric.key());
                cells.add(metric.format(ci.estimate()) + (diff == null ? ""
                        : " (" + metric.formatChange(diff.estimate()) + " "
                        + metric.formatInterval(diff.lower(), diff.upper(), true) + ")"));
            }
            rows.add(cells.toArray(String[]::new));
        }
        int[] widths = new int[header.size()];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < widths.length; c++) {
                out.append(String.format("%-" + widths[c] + "s", rows.get(r)[c])).append(c + 1 < widths.length ? "  " : "");
            }
            out.append(System.lineSeparator());
            if (r == 0) {
                for (int c = 0; c < widths.length; c++) {
                    out.append("-".repeat(widths[c])).append(c + 1 < widths.length ? "  " : "");
                }
                out.append(System.lineSeparator());
            }
        }
        out.append("(differences in parentheses: to ").append(result.baseSystem())
                .append(", paired 95 % bootstrap interval)").append(System.lineSeparator());
        for (ForgettingResult row : result.forgetting()) {
            out.append(row.summary()).append(System.lineSeparator());
        }
        return out.toString();
    }
}

package io.tuneline.cli.stack;

import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.stats.ConfidenceInterval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The story's results as the tables {@code ./tuneline up} prints. */
final class StorySummary {

    private static final List<String> ROUGE = List.of("rouge1", "rouge2", "rougeL", "rougeLsum");

    private StorySummary() {
    }

    static String render(StoryReport report) {
        StringBuilder out = new StringBuilder();
        out.append("Dataset ").append(report.datasetId()).append(": ").append(report.chatsPublished())
                .append(" chats streamed -> ").append(report.versionId()).append(' ').append(report.versionCounts())
                .append(" -> prompts ").append(report.renderId()).append(' ').append(report.promptCounts()).append("\n\n");
        out.append(rougeTable(report)).append('\n');
        out.append(forgettingTable(report)).append('\n');
        out.append(StoryComparison.render(report.comparison())).append('\n');
        for (StoryReport.Run run : report.runs()) {
            out.append(String.format("%-20s run %s, %d steps, final loss %.3f: %s%n", run.label(), run.runId(),
                    run.steps(), run.finalLoss(), !run.promoted() ? "rejected by the gate"
                            : run.runId().equals(report.promotedRun()) ? "PROMOTED by the gate (served)"
                            : "PROMOTED by the gate (replaced by a later promotion)"));
            out.append("                     ").append(run.decisionReason()).append('\n');
            out.append("                     checkpoint ").append(run.checkpoint()).append('\n');
            out.append("                     report     ").append(run.report() == null ? "-" : run.report()).append('\n');
        }
        out.append('\n');
        for (StoryReport.Served served : report.served()) {
            out.append(served.chatId()).append("  (").append(served.servedBy()).append(")\n")
                    .append("  model      ").append(served.summary()).append('\n')
                    .append("  reference  ").append(served.reference()).append('\n');
        }
        out.append('\n').append("Acceptance: ").append(report.acceptance().passed() ? "met" : "NOT met").append('\n');
        report.acceptance().findings().forEach(finding -> out.append("  - ").append(finding).append('\n'));
        return out.toString();
    }

    /** Base zero- and few-shot, then each fine-tuned model, on the support-chat test split. */
    static String rougeTable(StoryReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"support-chat test split", "rouge1", "rouge2", "rougeL", "rougeLsum"});
        for (SystemResult system : report.single().systems()) {
            if (!system.name().equals("candidate")) {
                rows.add(row(system.name(), system.metrics()));
            }
        }
        for (StoryReport.Run run : report.runs()) {
            run.system("candidate").ifPresent(system -> rows.add(row("fine-tuned, " + run.label(), system.metrics())));
        }
        return "ROUGE (F-measure, Porter stemming; 95 % bootstrap interval)\n" + table(rows);
    }

    /** Each held-out general task before fine-tuning and after each run. */
    static String forgettingTable(StoryReport report) {
        List<String[]> rows = new ArrayList<>();
        List<StoryReport.Run> runs = report.runs();
        List<String> header = new ArrayList<>(List.of("held-out task", "metric", "base"));
        runs.forEach(run -> header.add(run.label() + " (change)"));
        rows.add(header.toArray(String[]::new));
        for (ForgettingResult task : report.single().forgetting()) {
            List<String> row = new ArrayList<>(List.of(task.task(), task.metric(), String.format("%.3f",
                    task.before().estimate())));
            for (StoryReport.Run run : runs) {
                run.forgetting().stream().filter(other -> other.task().equals(task.task())).findFirst()
                        .ifPresent(after -> row.add(String.format("%.3f (%+.3f [%+.3f, %+.3f])%s",
                                after.after().estimate(), after.change().estimate(), after.change().lower(),
                                after.change().upper(), after.verdict() == ForgettingResult.Verdict.WORSE ? " worse" : "")));
            }
            rows.add(row.toArray(String[]::new));
        }
        return "Forgetting: held-out general tasks before and after fine-tuning\n" + table(rows);
    }

    private static String[] row(String name, Map<String, ConfidenceInterval> metrics) {
        String[] row = new String[ROUGE.size() + 1];
        row[0] = name;
        for (int i = 0; i < ROUGE.size(); i++) {
            ConfidenceInterval interval = metrics.get(ROUGE.get(i));
            row[i + 1] = interval == null ? "-" : String.format("%.3f [%.3f, %.3f]", interval.estimate(),
                    interval.lower(), interval.upper());
        }
        return row;
    }

    static String table(List<String[]> rows) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] widths = new int[columns];
        rows.forEach(r -> {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            out.append("  ");
            for (int i = 0; i < r.length; i++) {
                out.append(String.format("%-" + widths[i] + "s", r[i])).append(i + 1 < r.length ? "  " : "");
            }
            out.append('\n');
        }
        return out.toString();
    }
}

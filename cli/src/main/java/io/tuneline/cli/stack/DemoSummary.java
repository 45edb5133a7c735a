package io.tuneline.cli.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The few lines a person reads after the demo pipeline ran: what went in, what came out, and where it is. */
public final class DemoSummary {

    static final List<String> SPLITS = List.of("train", "validation", "test");
    private static final int EXAMPLE_LINES = 8;
    private static final int EXAMPLE_LINE_CHARS = 100;
    private static final String NL = System.lineSeparator();

    private DemoSummary() {
    }

    public static String render(DemoReport report) {
        StringBuilder text = new StringBuilder();
        DemoReport.Upload upload = report.upload();
        text.append("Dataset ").append(report.datasetId()).append(NL);
        text.append("  upload     ").append(upload.rowsRead()).append(" DialogSum rows: ").append(upload.accepted())
                .append(" accepted, ").append(upload.rejected()).append(" rejected").append(NL);
        for (DemoReport.RejectedRow rejected : upload.rejections()) {
            text.append("               row ").append(rejected.row()).append(" ").append(rejected.code()).append(": ")
                    .append(rejected.reason())
                    .append(rejected.exampleId() == null ? "" : " (" + rejected.exampleId() + ")").append(NL);
        }
        text.append("               report ").append(upload.reportLocation()).append(NL);
        text.append(versionLine(report.uploadVersion()));

        DemoReport.Stream stream = report.stream();
        long storedOnce = stream.storedTimes().values().stream().filter(times -> times == 1).count();
        text.append("  stream     ").append(stream.recordsPublished()).append(" records on tuneline.support-chats, ")
                .append(stream.storedTimes().size()).append(" chats: ").append(storedOnce).append(" stored once")
                .append(NL);
        text.append("               ").append(stream.redeliveredChatId()).append(" was delivered twice, stored ")
                .append(times(stream.storedTimes().get(stream.redeliveredChatId()))).append(NL);
        text.append("               ").append(stream.invalidChatId())
                .append(" has an empty summary: not stored, sent to tuneline.dead-letter").append(NL);
        text.append(versionLine(report.streamVersion()));

        text.append(NL).append("Prompts (template-service, dialogue_summarization)").append(NL);
        DemoReport.Tokenizer tokenizer = report.tokenizer();
        text.append("  tokens counted with ").append(tokenizer.shown()).append(NL);
        if (tokenizer.demo()) {
            text.append("  (the demo tokenizer: a tiny T5-style vocabulary for tests, not FLAN-T5's, so token counts")
                    .append(NL).append("  and truncation are only illustrative; --tokenizer FILE takes a real tokenizer.json)")
                    .append(NL);
        }
        for (DemoReport.Render render : report.renders()) {
            text.append("  ").append(render.versionId()).append("  ").append(render.renderId()).append("  ")
                    .append(splitCounts(render.splits())).append("; ").append(render.truncated())
                    .append(" truncated to fit ").append(render.maxInputTokens()).append(" tokens").append(NL);
        }
        DemoReport.Render latest = report.renders().get(report.renders().size() - 1);
        for (String split : SPLITS) {
            DemoReport.RenderedSplit rendered = latest.splits().get(split);
            if (rendered != null) {
                text.append("  ").append(String.format("%-10s", split)).append(" ").append(rendered.fileLocation())
                        .append(NL);
            }
        }
        text.append("  manifest   ").append(latest.manifestLocation()).append(NL);

        DemoReport.PromptExample example = report.example();
        text.append(NL).append("Example (").append(example.exampleId()).append(", template ")
                .append(example.templateId()).append(")").append(NL);
        text.append(indented("prompt     ", example.prompt()));
        text.append(indented("completion ", example.completion()));

        DemoReport.DeadLetters deadLetters = report.deadLetters();
        text.append(NL).append("Dead letters: ").append(deadLetters.total()).append(" on tuneline.dead-letter")
                .append(deadLetters.byCode().isEmpty() ? "" : " (" + counts(new TreeMap<>(deadLetters.byCode())) + ")").append(NL);
        return text.toString();
    }

    private static String versionLine(DemoReport.DatasetVersion version) {
        String parent = version.parentVersionId() == null ? "" : ", parent " + version.parentVersionId();
        return "  -> " + version.versionId() + " (" + version.trigger() + parent + "): " + version.totalExamples()
                + " examples, " + counts(ordered(version.counts())) + "; added " + counts(ordered(version.added())) + NL;
    }

    private static String splitCounts(Map<String, DemoReport.RenderedSplit> splits) {
        return SPLITS.stream().filter(splits::containsKey)
                .map(split -> split + " " + splits.get(split).examples())
                .collect(Collectors.joining(", "));
    }

    private static Map<String, Long> ordered(Map<String, Long> bySplit) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        SPLITS.forEach(split -> ordered.put(split, bySplit.getOrDefault(split, 0L)));
        return ordered;
    }

    private static String counts(Map<String, Long> counts) {
        return counts.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String times(Integer times) {
        return times == null || times == 0 ? "never" : times == 1 ? "once" : times + " times";
    }

    /** A prompt can be a whole dialogue: the first lines, each cut to the width of a terminal. */
    private static String indented(String label, String value) {
        List<String> lines = value.lines().toList();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(lines.size(), EXAMPLE_LINES); i++) {
            String line = lines.get(i);
            if (line.length() > EXAMPLE_LINE_CHARS) {
                line = line.substring(0, EXAMPLE_LINE_CHARS - 3) + "...";
            }
            text.append("  ").append(i == 0 ? label : " ".repeat(label.length())).append(line).append(NL);
        }
        if (lines.size() > EXAMPLE_LINES) {
            text.append("  ").append(" ".repeat(label.length())).append("... (")
                    .append(lines.size() - EXAMPLE_LINES).append(" more lines)").append(NL);
        }
        return text.toString();
    }
}

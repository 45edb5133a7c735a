package io.tuneline.evaluation.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.ExampleResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes an evaluation's three files: {@code summary.json} (systems with intervals, forgetting, settings, the
 * examples with the largest gains and losses), {@code predictions.jsonl} (one {@link ExampleResult} a line) and
 * {@code report.html}. The same bytes go to S3 in eval-service ({@link #summaryJson}, {@link #predictionsJsonl}).
 */
public final class ReportWriter {

    public static final String SUMMARY = "summary.json";
    public static final String PREDICTIONS = "predictions.jsonl";
    public static final String REPORT = "report.html";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportWriter() {
    }

    public static void write(EvaluationResult result, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(SUMMARY), summaryJson(result), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(PREDICTIONS), predictionsJsonl(result), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(REPORT), HtmlReport.render(result), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report to " + dir, e);
        }
    }

    public static String summaryJson(EvaluationResult result) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("baseSystem", result.baseSystem());
        summary.put("candidateSystem", result.candidateSystem());
        summary.put("primaryMetric", result.primaryMetric());
        summary.put("examples", result.examples().size());
        summary.set("settings", JSON.valueToTree(result.settings()));
        summary.set("systems", JSON.valueToTree(result.systems()));
        summary.set("forgetting", JSON.valueToTree(result.forgetting()));
        summary.set("largestGains", JSON.valueToTree(result.largestGains(HtmlReport.SHOWN_EXAMPLES)));
        summary.set("largestLosses", JSON.valueToTree(result.largestLosses(HtmlReport.SHOWN_EXAMPLES)));
        try {
            return JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(summary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String predictionsJsonl(EvaluationResult result) {
        StringWriter lines = new StringWriter();
        try {
            writePredictions(result, lines);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines.toString();
    }

    /** Streams predictions to a writer (large test sets), one JSON object a line. */
    public static void writePredictions(EvaluationResult result, Writer out) throws IOException {
        for (ExampleResult example : result.examples()) {
            out.write(JSON.writeValueAsString(example));
            out.write('\n');
        }
    }
}

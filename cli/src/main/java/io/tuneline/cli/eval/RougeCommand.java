package io.tuneline.cli.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.evaluation.metrics.Rouge;
import io.tuneline.evaluation.metrics.RougeScore;
import io.tuneline.evaluation.metrics.RougeScores;
import io.tuneline.evaluation.metrics.RougeType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline rouge}: ROUGE of prediction/reference pairs exactly as rouge-score 0.1.2 (Hugging Face
 * {@code evaluate}) computes it. One JSON object per input line, then the corpus mean.
 */
@Command(name = "rouge", mixinStandardHelpOptions = true,
        description = {"ROUGE-1/2/L/Lsum of prediction/reference pairs, exactly as rouge-score 0.1.2 computes them.",
            "Input: JSONL with 'prediction' and 'reference' (or a 'references' list: the best one counts).",
            "Output: one JSON object per pair with rouge1, rouge2, rougeL, rougeLsum each"
                    + " {precision, recall, fmeasure}, then a last line {\"mean\": {...}, \"pairs\": N}."})
public final class RougeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "JSONL file of pairs ('-' reads standard input).")
    String input;

    @Option(names = "--stemmer", description = "Porter-stem tokens longer than 3 characters (use_stemmer=True).")
    boolean useStemmer;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<RougeScores> scores = new ArrayList<>();
        try (BufferedReader reader = "-".equals(input)
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(Path.of(input), StandardCharsets.UTF_8)) {
            // every line is checked before anything is printed: a bad file prints an error, not half a result
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    try {
                        scores.add(score(JSON.readTree(line)));
                    } catch (IOException | IllegalArgumentException e) {
                        err.println("rouge: " + input + " line " + number + ": " + reason(e));
                        return 2;
                    }
                }
            }
        }
        for (RougeScores pair : scores) {
            out.println(JSON.writeValueAsString(toJson(pair)));
        }
        if (!scores.isEmpty()) {
            ObjectNode mean = JSON.createObjectNode();
            mean.set("mean", toJson(Rouge.mean(scores)));
            mean.put("pairs", scores.size());
            out.println(JSON.writeValueAsString(mean));
        }
        out.flush();
        return 0;
    }

    private RougeScores score(JsonNode row) {
        if (row == null || !row.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonNode prediction = row.get("prediction");
        if (prediction == null || !prediction.isTextual()) {
            throw new IllegalArgumentException("'prediction' must be a string");
        }
        JsonNode reference = row.get("reference");
        if (reference != null && reference.isTextual()) {
            return Rouge.score(prediction.asText(), reference.asText(), useStemmer);
        }
        JsonNode references = row.get("references");
        if (references != null && references.isArray() && !references.isEmpty()) {
            List<String> texts = new ArrayList<>();
            for (JsonNode text : references) {
                if (!text.isTextual()) {
                    throw new IllegalArgumentException("'references' must be a list of strings");
                }
                texts.add(text.asText());
            }
            return Rouge.scoreMulti(prediction.asText(), texts, useStemmer);
        }
        throw new IllegalArgumentException("needs a 'reference' string or a non-empty 'references' list");
    }

    static ObjectNode toJson(RougeScores scores) {
        ObjectNode node = JSON.createObjectNode();
        for (RougeType type : RougeType.values()) {
            RougeScore score = scores.get(type);
            ObjectNode value = node.putObject(type.key());
            value.put("precision", score.precision());
            value.put("recall", score.recall());
            value.put("fmeasure", score.fmeasure());
        }
        return node;
    }

    private static String reason(Exception e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? "not valid JSON: " + json.getOriginalMessage() : e.getMessage();
    }
}

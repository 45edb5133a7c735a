package io.tuneline.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.cli.TunelineCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RougeCommandTest {

    static final Path GOLDEN = Path.of("../evaluation/src/test/resources/rouge/rouge_golden.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void printsRougeScoresValuesPerPairThenTheMean() throws Exception {
        List<JsonNode> golden = Files.readAllLines(GOLDEN).stream().map(RougeCommandTest::read)
                .filter(g -> g.get("use_stemmer").asBoolean()).limit(12).toList();
        StringBuilder pairs = new StringBuilder();
        for (JsonNode g : golden) {
            pairs.append(JSON.writeValueAsString(JSON.createObjectNode().put("prediction", g.get("prediction").asText())
                    .put("reference", g.get("reference").asText()))).append('\n');
        }
        Path input = Files.writeString(dir.resolve("pairs.jsonl"), pairs);

        Run run = run("rouge", "--input", input.toString(), "--stemmer");

        assertThat(run.exitCode()).isZero();
        List<JsonNode> lines = run.out().lines().map(RougeCommandTest::read).toList();
        assertThat(lines).hasSize(golden.size() + 1);
        double sum = 0;
        for (int i = 0; i < golden.size(); i++) {
            for (String type : List.of("rouge1", "rouge2", "rougeL", "rougeLsum")) {
                for (String field : List.of("precision", "recall", "fmeasure")) {
                    assertThat(lines.get(i).get(type).get(field).asDouble()).as("pair %d %s %s", i, type, field)
                            .isEqualTo(golden.get(i).get(type).get(field).asDouble());
                }
            }
            sum += golden.get(i).get("rougeL").get("fmeasure").asDouble();
        }
        JsonNode mean = lines.get(golden.size());
        assertThat(mean.get("pairs").asInt()).isEqualTo(golden.size());
        assertThat(mean.at("/mean/rougeL/fmeasure").asDouble()).isEqualTo(sum / golden.size());
    }

    @Test
    void multipleReferencesTakeTheBestOne() throws Exception {
        Path input = Files.writeString(dir.resolve("multi.jsonl"),
                "{\"prediction\":\"the agent refunded it\",\"references\":[\"nothing alike\",\"the agent refunded it\"]}\n");

        Run run = run("rouge", "--input", input.toString());

        assertThat(read(run.out().lines().findFirst().orElseThrow()).at("/rougeL/fmeasure").asDouble()).isEqualTo(1.0);
    }

    @Test
    void aBadLineIsAnErrorNamingTheLineAndNothingIsPrinted() throws Exception {
        Path input = Files.writeString(dir.resolve("bad.jsonl"),
                "{\"prediction\":\"a\",\"reference\":\"a\"}\n{\"prediction\":\"b\"}\n");

        Run run = run("rouge", "--input", input.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("line 2: needs a 'reference' string or a non-empty 'references' list");
    }

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new TunelineCli());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

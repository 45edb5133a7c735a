package io.tuneline.cli.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.cli.eval.RougeCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tuneline eval} on the tiny fixture checkpoint, with a one-shot baseline and a held-out task. */
class EvalCommandTest {

    static final Path TINY = Path.of("../model-core/src/test/resources/t5/flan-t5-tiny-untied");
    static final Path DATA = Path.of("../evaluation/src/test/resources/eval");

    @TempDir
    Path out;

    @Test
    void printsTheTableAndWritesTheReport() throws Exception {
        Run run = RougeCommandTest.run("eval", "--model", TINY.toString(), "--model", "tuned=" + TINY,
                "--data", DATA.resolve("test.jsonl").toString(), "--train", DATA.resolve("train.jsonl").toString(),
                "--shots", "0,1", "--held-out", "sentiment:exactMatch:" + DATA.resolve("sentiment.jsonl"),
                "--max-new-tokens", "32", "--batch-size", "2", "--out", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("system", "ROUGE-L", "base 1-shot", "tuned", "sentiment: no clear change");
        assertThat(run.err()).contains("base 1-shot", "3/3", "#".repeat(30));
        assertThat(Files.readString(out.resolve("report.html"))).contains("<svg", "tuned vs base");
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.at("/systems/2/name").asText()).isEqualTo("tuned");
        assertThat(summary.at("/settings/generation").asText()).isEqualTo("greedy, up to 32 new tokens, batches of 2");
        assertThat(Files.readAllLines(out.resolve("predictions.jsonl"))).hasSize(3);
    }

    @Test
    void shotsWithoutTrainingDataAreRefusedBeforeAnyModelLoads() {
        Run run = RougeCommandTest.run("eval", "--model", TINY.toString(), "--data",
                DATA.resolve("test.jsonl").toString(), "--shots", "0,3", "--out", out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--shots [0, 3] needs --train");
    }

    @Test
    void aBrokenTestFileNamesTheLine() throws Exception {
        Path broken = Files.writeString(out.resolve("broken.jsonl"), "{\"prompt\":\"p\",\"completion\":\"c\"}\n{\"prompt\":3}\n");

        Run run = RougeCommandTest.run("eval", "--model", TINY.toString(), "--data", broken.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("line 2: 'prompt' must be a string");
    }
}

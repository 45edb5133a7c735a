package io.tuneline.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneline.contracts.training.RunSpec.FieldError;
import io.tuneline.worker.RunSpecReader.InvalidSpecException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worker's command line: bad specs exit with 2 and name their fields; nothing is written. */
class WorkerMainTest {

    @TempDir
    Path dir;

    @Test
    void anUnknownOrMistypedFieldIsNamed() {
        assertThatThrownBy(() -> RunSpecReader.parse("{\"learningrate\": 0.1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).errors()).extracting(FieldError::field)
                        .containsExactly("learningrate"));
        assertThatThrownBy(() -> RunSpecReader.parse("{\"batchSize\": \"eight\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).errors()).extracting(FieldError::field)
                        .containsExactly("batchSize"));
    }

    @Test
    void theWorkerRefusesWhatItCannotRun() {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 4, 1);
        Map<String, Object> fields = TrainingFixtures.fields(train, null, 2);
        fields.put("method", "lora");
        fields.put("baseModel", "flan-t5-base");
        fields.put("lora", Map.of("r", 0, "targetModules", List.of("q", "query")));
        assertThatThrownBy(() -> RunSpecReader.validated(TrainingFixtures.spec(fields)))
                .isInstanceOf(InvalidSpecException.class)
                .satisfies(e -> assertThat(((InvalidSpecException) e).errors()).extracting(FieldError::field)
                        .containsExactlyInAnyOrder("lora.r", "lora.targetModules", "baseModel"));
    }

    @Test
    void aFloat16SpecExitsWith2NamingTheFieldAndWritesNothing() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 4, 1);
        Map<String, Object> fields = TrainingFixtures.fields(train, null, 2);
        fields.put("precision", "float16");
        fields.put("batchSize", 0);
        Path spec = Files.writeString(dir.resolve("run.json"), TrainingFixtures.json(fields));
        Path out = dir.resolve("out");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream original = System.err;
        int status;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            status = WorkerMain.run("--spec", spec.toString(), "--run-id", "r-1", "--out", out.toString());
        } finally {
            System.setErr(original);
        }

        assertThat(status).isEqualTo(WorkerMain.EXIT_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("invalid run spec: precision: float16 is refused for T5")
                .contains("invalid run spec: batchSize: must be positive");
        assertThat(out).doesNotExist();
    }
}

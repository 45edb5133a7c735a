package io.tuneline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.LocalRunOutput;
import io.tuneline.worker.progress.RunResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker as trainer-service runs it — a child JVM — killed with SIGKILL after a checkpoint and started again
 * with {@code --resume} on the same output ends exactly where an uninterrupted run ends. Dropout stays on (the
 * fixture's rate is 0.1): the per-step reseeding makes even the masks repeat.
 */
class WorkerResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STEPS = 60;

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledAfterACheckpointResumesToTheUninterruptedRunsFinalValidationLoss() throws Exception {
        Path train = TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 120, 11);
        Path validation = TrainingFixtures.writePairs(dir.resolve("validation.jsonl"), 30, 12);
        Map<String, Object> fields = TrainingFixtures.fields(train, validation, STEPS);
        fields.put("checkpointEvery", 10);
        fields.put("keepBest", 2);
        fields.put("warmupSteps", 5);
        Path spec = Files.writeString(dir.resolve("run.json"), TrainingFixtures.json(fields));

        RunResult uninterrupted = new FineTuningRun("reference", RunSpecReader.validated(TrainingFixtures.spec(fields)),
                new RunInputs(() -> null, dir.resolve("work-reference")), new LocalRunOutput(dir.resolve("reference")),
                new RecordingSink()).run();

        Path out = dir.resolve("out");
        Path progress = dir.resolve("progress.jsonl");
        Process first = startWorker(spec, out, progress, false);
        long killedAfter;
        try {
            killedAfter = waitForCheckpoint(first, progress, Duration.ofSeconds(300));
        } finally {
            first.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, a half-written step is possible
        }
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(out.resolve("result.json")).as("killed before the end").doesNotExist();

        Process second = startWorker(spec, out, progress, true);
        try {
            assertThat(second.waitFor(600, TimeUnit.SECONDS)).isTrue();
        } finally {
            second.destroyForcibly(); // a no-op when it ended; no orphan worker when it did not
        }
        assertThat(second.exitValue()).as(Files.readString(dir.resolve("worker-err.log"))).isZero();

        List<JsonNode> lines = lines(progress);
        JsonNode resumed = lines.stream().filter(l -> l.get("event").asText().equals("started")).skip(1).findFirst()
                .orElseThrow();
        assertThat(resumed.get("resumedFromStep").asLong()).isGreaterThanOrEqualTo(killedAfter).isLessThan(STEPS);
        JsonNode completed = lines.get(lines.size() - 1);
        assertThat(completed.get("event").asText()).isEqualTo("completed");
        double expected = uninterrupted.metrics().get("final_validation_loss");
        double actual = completed.at("/metrics/final_validation_loss").asDouble();
        System.out.printf("resume: killed after step %d, resumed from %d; final validation loss %.8f vs %.8f%n",
                killedAfter, resumed.get("resumedFromStep").asLong(), actual, expected);
        assertThat(Math.abs(actual - expected) / expected).isLessThanOrEqualTo(1e-4);
        assertThat(completed.get("steps").asLong()).isEqualTo(STEPS);
        assertThat(JSON.readTree(out.resolve("result.json").toFile()).get("status").asText()).isEqualTo("completed");
    }

    private Process startWorker(Path spec, Path out, Path progress, boolean resume) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "-Xmx1g", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                WorkerMain.class.getName(), "--spec", spec.toString(), "--run-id", "resumed", "--out", out.toString(),
                "--progress-file", progress.toString(), "--work-dir", dir.resolve("work").toString()));
        if (resume) {
            command.add("--resume");
        }
        return new ProcessBuilder(command).redirectOutput(dir.resolve("worker-out.log").toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("worker-err.log").toFile())).start();
    }

    /** The step of the first checkpoint the child reports. */
    private static long waitForCheckpoint(Process worker, Path progress, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(progress)) {
                for (JsonNode line : lines(progress)) {
                    if (line.get("event").asText().equals("checkpoint")) {
                        return line.get("step").asLong();
                    }
                }
            }
            assertThat(worker.isAlive()).as("worker still running").isTrue();
            Thread.sleep(10);
        }
        throw new AssertionError("no checkpoint within " + timeout);
    }

    private static List<JsonNode> lines(Path progress) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(progress)) {
            if (line.startsWith("{") && line.endsWith("}")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}

package io.tuneline.worker.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** trainer-service's local executor reads these lines with EventCodec: every line must decode to its event. */
class EventLinesProgressSinkTest {

    private static final RunSpec SPEC = new RunSpec("support-summarizer", "s3://tuneline-models/base/",
            "s3://tuneline-prompts/d/v1/r/train.jsonl", null, "s3://tuneline-prompts/d/v1/r/test.jsonl", "full", null,
            null, 10, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, "d",
            "v1", "r", null, null);

    @Test
    void writesOneEventEnvelopePerLine() {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (EventLinesProgressSink sink = new EventLinesProgressSink(new PrintStream(buffer, true,
                StandardCharsets.UTF_8), SPEC)) {
            sink.started(new RunStarted("run-1", 10, 0, 5, 0, 0, 0, "cpu()"));
            sink.progress(new TrainingProgress("run-1", 1, 10, 0, 2.5, null, 1e-3, 900, 30));
            sink.completed(new RunResult("run-1", 10, 1.25, "s3://tuneline-checkpoints/run-1/step-10/",
                    "s3://tuneline-checkpoints/run-1/step-10/", Map.of()));
            sink.failed(new RunFailure("run-1", "non-finite", "loss was NaN", null));
        }
        List<EventPayload> events = buffer.toString(StandardCharsets.UTF_8).lines()
                .<EventPayload>map(line -> EventCodec.decode(line).payload()).toList();

        assertThat(events).hasSize(3);
        assertThat(events.get(0)).isInstanceOfSatisfying(TrainingProgress.class,
                progress -> assertThat(progress.loss()).isEqualTo(2.5));
        assertThat(events.get(1)).isInstanceOfSatisfying(TrainingCompleted.class, completed -> {
            assertThat(completed.modelName()).isEqualTo("support-summarizer");
            assertThat(completed.checkpoint()).isEqualTo(new ObjectRef("tuneline-checkpoints", "run-1/step-10/"));
            assertThat(completed.prompts()).containsOnlyKeys("train", "test");
            assertThat(completed.renderId()).isEqualTo("r");
        });
        assertThat(events.get(2)).isInstanceOfSatisfying(TrainingFailed.class,
                failed -> assertThat(failed.errorCode()).isEqualTo("non-finite"));
    }
}

package io.tuneline.eval.testing;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/** Finished runs over scripted models ({@link ScriptedModels}), as trainer-service would announce them. */
public final class ScriptedRuns {

    public static final Duration PATIENCE = Duration.ofSeconds(300);

    private ScriptedRuns() {
    }

    /**
     * A run whose base answers the chats with {@code base} (and the reviews right), whose candidate answers with
     * {@code candidate} and {@code candidateSentiment}; {@code metrics} are the worker's final figures.
     */
    public static TrainingCompleted run(ObjectStore store, StorageLayout layout, String modelName, String runId,
                                        String method, Function<Fixtures.Row, String> base,
                                        Function<Fixtures.Row, String> candidate,
                                        Function<Fixtures.Row, String> candidateSentiment, Map<String, Double> metrics) {
        Map<String, ObjectRef> splits = Fixtures.uploadSplits(store, layout, "chats-" + runId);
        ObjectRef baseModel = Fixtures.uploadModel(store, new ObjectRef(layout.models(), "base-" + runId + "/"),
                base, Fixtures.Row::completion);
        ObjectRef checkpoint = Fixtures.uploadModel(store, layout.finalCheckpoint(runId), candidate,
                candidateSentiment);
        return new TrainingCompleted(runId, modelName, "base-" + runId, baseModel, method, "chats-" + runId, "v1",
                "r-1", checkpoint, checkpoint, 40, 0.4, splits, metrics);
    }

    /**
     * Waits until the run's events were handled: a marker with the same key (so the same partition, behind them)
     * is dead-lettered only after everything before it.
     */
    public static void awaitHandled(EventPublisher publisher, String runId) {
        TrainingCompleted marker = new TrainingCompleted(runId, null, null, null, "full", null, null, null, null,
                null, 0, 0, Map.of(), Map.of());
        publisher.publish(marker);
        await().atMost(PATIENCE).until(() -> Topics.payloads(Topic.DEAD_LETTER, DeadLetter.class).stream()
                .anyMatch(letter -> runId.equals(letter.originalKey()) && letter.errorCode().equals("not-evaluable")));
    }
}

package io.tuneline.eval.testing;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that announce finished runs on the real broker, as trainer-service would, over scripted models
 * ({@link ScriptedModels}, enabled for each test) in the real S3, with the forgetting suite's sentiment task.
 */
public abstract class ScriptedRunFlow {

    protected static final Duration PATIENCE = Duration.ofSeconds(300);

    @Inject
    protected ObjectStore store;

    @Inject
    protected StorageLayout layout;

    @Inject
    protected EventPublisher publisher;

    @Inject
    protected ScriptedModels models;

    protected final String suffix = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void scriptedModels() {
        models.enable();
        Fixtures.uploadSentimentTask(store);
    }

    @AfterEach
    void realModels() {
        models.disable();
    }

    /**
     * A run whose base answers the chats with {@code base} (and the reviews right), whose candidate answers with
     * {@code candidate} and {@code candidateSentiment}; {@code metrics} are the worker's final figures.
     */
    protected TrainingCompleted run(String modelName, String runId, String method, Function<Fixtures.Row, String> base,
                                    Function<Fixtures.Row, String> candidate,
                                    Function<Fixtures.Row, String> candidateSentiment, Map<String, Double> metrics) {
        return Fixtures.trainingRun(store, layout, modelName, runId, method, base, candidate, candidateSentiment,
                metrics);
    }

    /**
     * Waits until the run's events were handled: a marker with the same key (so the same partition, behind them)
     * is dead-lettered only after everything before it.
     */
    protected void awaitHandled(String runId) {
        TrainingCompleted marker = new TrainingCompleted(runId, null, null, null, "full", null, null, null, null,
                null, 0, 0, Map.of(), Map.of());
        publisher.publish(marker);
        await().atMost(PATIENCE).until(() -> Topics.payloads(Topic.DEAD_LETTER, DeadLetter.class).stream()
                .anyMatch(letter -> runId.equals(letter.originalKey()) && letter.errorCode().equals("not-evaluable")));
    }
}

package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.testing.StoredEvaluations;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.storage.ObjectStore;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluations, their files and promoted records in the evaluations bucket (a bucket of this test's own). */
class EvaluationRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ObjectStore store = SharedObjectStore.store();
    private final StorageLayout layout = SharedObjectStore.freshLayout();
    private final EvaluationRepository repository = new EvaluationRepository(store, layout);

    @Test
    void anEvaluationReadsBackExactlyAsSavedAndASaveReplacesIt() {
        Evaluation running = StoredEvaluations.running("r1", "full", T0)
                .withTraining(StoredEvaluations.training(40, Map.of("wall_seconds", 12.5)));
        repository.save(running);
        assertThat(repository.find(running.evaluationId())).contains(running);

        Evaluation completed = StoredEvaluations.completed(running, 0.2, 0.35,
                List.of(StoredEvaluations.heldOut("sentiment", 0.8, 0.6)), Decision.REJECTED);
        repository.save(completed);

        assertThat(repository.find(running.evaluationId())).contains(completed);
        assertThat(store.list(layout.evaluations(), "")).extracting(object -> object.key())
                .containsExactly(running.evaluationId() + "/" + EvaluationRepository.SUMMARY);
    }

    @Test
    void anUnknownEvaluationIsEmpty() {
        assertThat(repository.find("run-nothing")).isEmpty();
        assertThat(repository.file("run-nothing", EvaluationRepository.REPORT)).isEmpty();
    }

    @Test
    void listsEvaluationsNewestFirstAndNothingElseOfTheBucket() {
        Evaluation old = StoredEvaluations.running("old", "full", T0);
        Evaluation newest = StoredEvaluations.running("newest", "lora", T0.plusSeconds(7200));
        Evaluation middle = StoredEvaluations.running("middle", "full", T0.plusSeconds(3600));
        for (Evaluation evaluation : List.of(old, newest, middle)) {
            repository.save(evaluation);
        }
        repository.putFile(middle.evaluationId(), EvaluationRepository.PREDICTIONS, "{}\n".getBytes(), "application/x-ndjson");
        repository.savePromoted(promoted("support-old", old));

        assertThat(repository.list()).extracting(Evaluation::evaluationId)
                .containsExactly(newest.evaluationId(), middle.evaluationId(), old.evaluationId());
    }

    @Test
    void filesAreStoredUnderTheEvaluationWithTheirContentType() {
        byte[] html = "<html>report</html>".getBytes(StandardCharsets.UTF_8);

        repository.putFile("run-r2", EvaluationRepository.REPORT, html, "text/html");

        assertThat(repository.file("run-r2", EvaluationRepository.REPORT)).hasValueSatisfying(
                content -> assertThat(content).isEqualTo(html));
        assertThat(repository.file("run-r2", EvaluationRepository.CHART)).isEmpty();
        ObjectRef ref = layout.evaluationFile("run-r2", EvaluationRepository.REPORT);
        assertThat(store.stat(ref.bucket(), ref.key()).size()).isEqualTo(html.length);
    }

    @Test
    void thePromotedRecordOfANameIsKeptApartFromEvaluationsAndReplacedByTheNextPromotion() {
        Evaluation first = StoredEvaluations.running("p1", "full", T0);
        Evaluation second = StoredEvaluations.running("p2", "full", T0.plusSeconds(60));
        assertThat(repository.promoted("support")).isEmpty();

        repository.savePromoted(promoted("support", first));
        repository.savePromoted(promoted("support", second));

        assertThat(repository.promoted("support")).contains(promoted("support", second));
        assertThat(repository.promoted("other")).isEmpty();
        assertThat(store.exists(layout.promotedModel("support").bucket(), layout.promotedModel("support").key()))
                .isTrue();
    }

    @Test
    void anUnreadableSummaryIsAnErrorNamingItNotAMissingEvaluation() {
        ObjectRef summary = layout.evaluationFile("run-broken", EvaluationRepository.SUMMARY);
        store.put(summary.bucket(), summary.key(), "{\"evaluationId\":".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> repository.find("run-broken")).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(summary.toString());
    }

    @Test
    void aDamagedSummaryIsLeftOutOfTheListInsteadOfFailingIt() {
        Evaluation readable = StoredEvaluations.running("fine", "full", T0);
        repository.save(readable);
        ObjectRef damaged = layout.evaluationFile("run-damaged", EvaluationRepository.SUMMARY);
        store.put(damaged.bucket(), damaged.key(), "{\"evaluationId\":".getBytes(StandardCharsets.UTF_8));

        assertThat(repository.list()).extracting(Evaluation::evaluationId).containsExactly(readable.evaluationId());
        assertThatThrownBy(() -> repository.find("run-damaged")).isInstanceOf(UncheckedIOException.class);
    }

    private static PromotedModel promoted(String name, Evaluation evaluation) {
        return new PromotedModel(name, evaluation.runId(), evaluation.evaluationId(),
                evaluation.models().get(1).location(), null, PromotedModel.BY_GATE, "better",
                evaluation.createdAt().plusSeconds(5));
    }
}

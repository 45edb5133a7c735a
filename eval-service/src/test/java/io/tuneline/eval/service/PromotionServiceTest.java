package io.tuneline.eval.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.common.testing.RecordingPublisher;
import io.tuneline.contracts.events.AuditRecorded;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.GateDecision;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.testing.StoredEvaluations;
import io.tuneline.eval.testing.TestEvalConfig;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PromotionService over an in-memory repository and a recording publisher: what each decision stores and says. */
class PromotionServiceTest {

    private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
    private static final TestEvalConfig CONFIG = TestEvalConfig.defaults(Path.of("unused-cache"));

    private final InMemoryRepository repository = new InMemoryRepository();
    private final RecordingPublisher events = new RecordingPublisher("eval-service");
    private final PromotionService promotions = service(CONFIG);

    @Test
    void theGatesPromotionIsRecordedPublishedAndAudited() {
        Evaluation evaluation = gated("r1", "full", true);

        Evaluation decided = promotions.applyGate(evaluation);

        assertThat(decided.decision()).isEqualTo(Decision.PROMOTED);
        assertThat(decided.decisionReason()).isEqualTo("ROUGE-L +0.200; held-out suite \u22121 %");
        PromotedModel promoted = repository.promoted(evaluation.modelName()).orElseThrow();
        assertThat(promoted.runId()).isEqualTo("r1");
        assertThat(promoted.evaluationId()).isEqualTo(evaluation.evaluationId());
        assertThat(promoted.checkpoint()).isEqualTo(new ObjectRef("tuneline-checkpoints", "r1/final/"));
        assertThat(promoted.baseModel()).isNull();
        assertThat(promoted.decidedBy()).isEqualTo(PromotedModel.BY_GATE);
        assertThat(promoted.reason()).isEqualTo(decided.decisionReason());
        assertThat(events.payloads(ModelPromoted.class)).containsExactly(new ModelPromoted(evaluation.modelName(),
                "r1", evaluation.evaluationId(), promoted.checkpoint(), null));
        assertThat(events.payloads(AuditRecorded.class)).singleElement().satisfies(audit -> {
            assertThat(audit.action()).isEqualTo("promote " + evaluation.modelName());
            assertThat(audit.detail()).contains("run r1").contains("by the gate: ROUGE-L +0.200");
        });
        assertThat(events.payloads(ModelRejected.class)).isEmpty();
    }

    @Test
    void aPromotedLoraRunNamesTheBaseItsAdapterNeeds() {
        Evaluation evaluation = gated("r2", PromotionService.METHOD_LORA, true);

        promotions.applyGate(evaluation);

        ObjectRef base = new ObjectRef("tuneline-models", "base/");
        assertThat(repository.promoted(evaluation.modelName()).orElseThrow().baseModel()).isEqualTo(base);
        assertThat(events.payloads(ModelPromoted.class)).singleElement()
                .satisfies(promoted -> assertThat(promoted.baseModel()).isEqualTo(base));
    }

    @Test
    void theGatesRejectionIsPublishedWithItsReasonsAndPromotesNothing() {
        Evaluation evaluation = gated("r3", "full", false);

        Evaluation decided = promotions.applyGate(evaluation);

        assertThat(decided.decision()).isEqualTo(Decision.REJECTED);
        assertThat(events.payloads(ModelRejected.class)).containsExactly(new ModelRejected(evaluation.modelName(),
                "r3", evaluation.evaluationId(), "ROUGE-L +0.200; held-out suite \u22121 %"));
        assertThat(repository.promoted(evaluation.modelName())).isEmpty();
        assertThat(events.payloads(ModelPromoted.class)).isEmpty();
        assertThat(events.payloads(AuditRecorded.class)).isEmpty();
    }

    @Test
    void withAutoPromotionOffThePersonDecidesAndNothingIsPublished() {
        PromotionService manual = service(CONFIG.withAutoPromote(false));

        Evaluation wouldPromote = manual.applyGate(gated("r4", "full", true));
        Evaluation wouldReject = manual.applyGate(gated("r5", "full", false));

        assertThat(wouldPromote.decision()).isEqualTo(Decision.PENDING);
        assertThat(wouldPromote.decisionReason()).isEqualTo("auto-promotion is off; the gate would promote:"
                + " ROUGE-L +0.200; held-out suite \u22121 %");
        assertThat(wouldReject.decisionReason()).startsWith("auto-promotion is off; the gate would reject: ");
        assertThat(events.events()).isEmpty();
        assertThat(repository.promotedModels).isEmpty();
    }

    @Test
    void anEvaluationWithoutGateOrModelNameWaits() {
        Evaluation requested = StoredEvaluations.running("r6", "full", NOW).completed(10, List.of(), List.of(),
                List.of(), null, NOW);

        Evaluation decided = promotions.applyGate(requested);

        assertThat(decided.decision()).isEqualTo(Decision.PENDING);
        assertThat(decided.decisionReason()).isEqualTo("no candidate and model name to decide on");
        assertThat(events.events()).isEmpty();
    }

    @Test
    void aPersonPromotesWhateverTheGateSaidAndTheDecisionIsStored() {
        Evaluation rejected = repository.store(promotions.applyGate(gated("r7", "full", false)));

        Evaluation decided = promotions.promoteManually(rejected.modelName(), rejected.evaluationId(), " ");

        assertThat(decided.decision()).isEqualTo(Decision.PROMOTED);
        assertThat(decided.decisionReason()).isEqualTo("promoted by a person");
        assertThat(repository.find(rejected.evaluationId())).contains(decided);
        PromotedModel promoted = repository.promoted(rejected.modelName()).orElseThrow();
        assertThat(promoted.decidedBy()).isEqualTo(PromotedModel.BY_PERSON);
        assertThat(promotions.promoted(rejected.modelName())).contains(promoted);
        assertThat(events.payloads(ModelPromoted.class)).singleElement()
                .satisfies(event -> assertThat(event.runId()).isEqualTo("r7"));
        // the REST layer audits a person's decision with their name; the service does not audit it again
        assertThat(events.payloads(AuditRecorded.class)).isEmpty();
    }

    @Test
    void aPersonRejectsWithAReasonButNotTheModelServingNow() {
        Evaluation served = repository.store(promotions.applyGate(gated("r8", "full", true)));
        Evaluation other = repository.store(gated("r9", "full", true));

        assertThat(error(() -> promotions.rejectManually(other.modelName(), other.evaluationId(), "")))
                .isEqualTo("400 reason-required");
        assertThat(error(() -> promotions.rejectManually(served.modelName(), served.evaluationId(), "worse")))
                .isEqualTo("409 currently-promoted");
        Evaluation decided = promotions.rejectManually(other.modelName(), other.evaluationId(), "summaries too long");

        assertThat(decided.decision()).isEqualTo(Decision.REJECTED);
        assertThat(repository.find(other.evaluationId())).contains(decided);
        assertThat(events.payloads(ModelRejected.class)).containsExactly(new ModelRejected(other.modelName(), "r9",
                other.evaluationId(), "summaries too long"));
        assertThat(repository.promoted(served.modelName()).orElseThrow().runId()).isEqualTo("r8");
    }

    @Test
    void onlyACompletedEvaluationWithACandidateOfThatNameCanBeDecided() {
        Evaluation running = repository.store(StoredEvaluations.running("r10", "full", NOW));
        Evaluation completed = repository.store(gated("r11", "full", true));

        assertThat(error(() -> promotions.promoteManually("support-r10", "no-such-evaluation", null)))
                .isEqualTo("404 evaluation-not-found");
        assertThat(error(() -> promotions.promoteManually(running.modelName(), running.evaluationId(), null)))
                .isEqualTo("409 evaluation-not-completed");
        assertThat(error(() -> promotions.promoteManually("another-model", completed.evaluationId(), null)))
                .isEqualTo("409 model-name-mismatch");
        assertThat(events.events()).isEmpty();
    }

    @Test
    void thePromotedRecordIsWrittenBeforeTheEventSoAFailedPublishIsRetriedNotLost() {
        events.refuse(ModelPromoted.class::isInstance);
        Evaluation evaluation = gated("r12", "full", true);

        assertThatThrownBy(() -> promotions.applyGate(evaluation)).hasMessageContaining("did not acknowledge");

        assertThat(repository.promoted(evaluation.modelName()).orElseThrow().runId()).isEqualTo("r12");
        assertThat(events.payloads(ModelPromoted.class)).isEmpty();
    }

    private PromotionService service(TestEvalConfig config) {
        return new PromotionService(repository, events.publisher(), config, events.auditTrail());
    }

    /** A run's completed evaluation with the gate's verdict, not decided yet. */
    private static Evaluation gated(String runId, String method, boolean promote) {
        return StoredEvaluations.running(runId, method, NOW).completed(40, List.of(), List.of(), List.of(),
                new GateDecision(promote, List.of("ROUGE-L +0.200", "held-out suite \u22121 %")), NOW.plusSeconds(60));
    }

    private static String error(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e.status() + " " + e.toApiError().error();
        }
        throw new AssertionError("expected an ApiException");
    }

    /** The repository's contract without S3: evaluations and promoted records by id. */
    private static final class InMemoryRepository extends EvaluationRepository {

        final Map<String, Evaluation> evaluations = new HashMap<>();
        final Map<String, PromotedModel> promotedModels = new HashMap<>();

        InMemoryRepository() {
            super(null, StorageLayout.defaults());
        }

        Evaluation store(Evaluation evaluation) {
            save(evaluation);
            return evaluation;
        }

        @Override
        public Optional<Evaluation> find(String evaluationId) {
            return Optional.ofNullable(evaluations.get(evaluationId));
        }

        @Override
        public void save(Evaluation evaluation) {
            evaluations.put(evaluation.evaluationId(), evaluation);
        }

        @Override
        public Optional<PromotedModel> promoted(String modelName) {
            return Optional.ofNullable(promotedModels.get(modelName));
        }

        @Override
        public void savePromoted(PromotedModel promoted) {
            promotedModels.put(promoted.modelName(), promoted);
        }
    }
}

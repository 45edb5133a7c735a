package io.tuneline.eval.service;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.common.rest.ApiException;
import io.tuneline.common.security.AuditTrail;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.config.EvalConfig;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.evaluation.PromotedModel;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Acts on decisions — the gate's, or a person's over REST: records the promoted model of a name
 * ({@code StorageLayout.promotedModel}) and publishes {@code ModelPromoted} or {@code ModelRejected}.
 */
@ApplicationScoped
public class PromotionService {

    public static final String METHOD_LORA = "lora";

    private final EvaluationRepository repository;
    private final EventPublisher publisher;
    private final EvalConfig config;
    private final AuditTrail audit;

    PromotionService(EvaluationRepository repository, EventPublisher publisher, EvalConfig config, AuditTrail audit) {
        this.repository = repository;
        this.publisher = publisher;
        this.config = config;
        this.audit = audit;
    }

    public Optional<PromotedModel> promoted(String modelName) {
        return repository.promoted(StorageLayout.id(modelName));
    }

    /** Carries out the gate's decision of a completed evaluation (or leaves it to a person). */
    Evaluation applyGate(Evaluation evaluation) {
        if (evaluation.gate() == null || evaluation.modelName() == null) {
            return evaluation.decided(Decision.PENDING, "no candidate and model name to decide on");
        }
        String reasons = evaluation.gate().summary();
        if (!config.gate().autoPromote()) {
            return evaluation.decided(Decision.PENDING, "auto-promotion is off; the gate would "
                    + (evaluation.gate().promote() ? "promote" : "reject") + ": " + reasons);
        }
        return evaluation.gate().promote()
                ? promote(evaluation, evaluation.modelName(), PromotedModel.BY_GATE, reasons)
                : reject(evaluation, evaluation.modelName(), reasons);
    }

    /** A person promotes the candidate of a completed evaluation, whatever the gate said. */
    public Evaluation promoteManually(String modelName, String evaluationId, String reason) {
        Evaluation evaluation = decidable(modelName, evaluationId);
        Evaluation decided = promote(evaluation, modelName, PromotedModel.BY_PERSON,
                reason == null || reason.isBlank() ? "promoted by a person" : reason);
        repository.save(decided);
        return decided;
    }

    /** A person rejects the candidate of a completed evaluation; the promoted model stays as it is. */
    public Evaluation rejectManually(String modelName, String evaluationId, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("reason-required", "say why the candidate is rejected (field 'reason')");
        }
        Evaluation evaluation = decidable(modelName, evaluationId);
        if (promoted(modelName).map(PromotedModel::evaluationId).filter(evaluationId::equals).isPresent()) {
            throw ApiException.conflict("currently-promoted", "the candidate of " + evaluationId + " serves '"
                    + modelName + "' now; promote another evaluation's candidate instead",
                    Map.of("modelName", modelName, "evaluationId", evaluationId));
        }
        Evaluation decided = reject(evaluation, modelName, reason);
        repository.save(decided);
        return decided;
    }

    private Evaluation decidable(String modelName, String evaluationId) {
        StorageLayout.id(modelName);
        Evaluation evaluation = repository.find(StorageLayout.id(evaluationId)).orElseThrow(() ->
                ApiException.notFound("evaluation-not-found", "no evaluation '" + evaluationId + "'"));
        if (evaluation.status() != EvaluationStatus.COMPLETED) {
            throw ApiException.conflict("evaluation-not-completed", "evaluation " + evaluationId + " is "
                    + evaluation.status() + "; only a completed evaluation can be decided on",
                    Map.of("status", evaluation.status().name()));
        }
        if (evaluation.model(EvaluatedModel.CANDIDATE).isEmpty()) {
            throw ApiException.conflict("no-candidate", "evaluation " + evaluationId + " scored no candidate");
        }
        if (evaluation.modelName() != null && !evaluation.modelName().equals(modelName)) {
            throw ApiException.conflict("model-name-mismatch", "evaluation " + evaluationId + " is of model '"
                    + evaluation.modelName() + "', not '" + modelName + "'",
                    Map.of("evaluationModelName", evaluation.modelName()));
        }
        return evaluation;
    }

    private Evaluation promote(Evaluation evaluation, String modelName, String decidedBy, String reason) {
        EvaluatedModel candidate = evaluation.model(EvaluatedModel.CANDIDATE).orElseThrow();
        // A LoRA candidate is an adapter folder: serving it needs the base it was trained on.
        ObjectRef baseModel = METHOD_LORA.equals(evaluation.method())
                ? evaluation.model(EvaluatedModel.BASE).map(EvaluatedModel::location).orElse(null) : null;
        repository.savePromoted(new PromotedModel(modelName, candidate.runId(), evaluation.evaluationId(),
                candidate.location(), baseModel, decidedBy, reason, Instant.now()));
        publisher.publish(new ModelPromoted(modelName, candidate.runId(), evaluation.evaluationId(),
                candidate.location(), baseModel));
        // A person's promotion is audited with their name by the REST layer; the gate's is audited here.
        if (PromotedModel.BY_GATE.equals(decidedBy)) {
            audit.recordDecision("promote " + modelName, "run " + candidate.runId() + ", evaluation "
                    + evaluation.evaluationId() + ", by the gate: " + reason);
        }
        return evaluation.decided(Decision.PROMOTED, reason);
    }

    private Evaluation reject(Evaluation evaluation, String modelName, String reason) {
        String runId = evaluation.model(EvaluatedModel.CANDIDATE).map(EvaluatedModel::runId).orElse(null);
        publisher.publish(new ModelRejected(modelName, runId, evaluation.evaluationId(), reason));
        return evaluation.decided(Decision.REJECTED, reason);
    }
}

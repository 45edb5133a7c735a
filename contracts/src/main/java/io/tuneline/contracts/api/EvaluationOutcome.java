package io.tuneline.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * What a reader of eval-service's {@code GET /api/v1/evaluations/{evaluationId}} needs from the answer: whose
 * evaluation it is, its scores and held-out tasks, the gate's verdict and what became of the candidate. eval-service
 * answers with its full stored evaluation (models, test set, settings, comparisons, training summary, …); this record
 * reads the part the launcher uses and ignores the rest.
 *
 * <p>The score rows are typed by the reader ({@code S}: the evaluation module's {@code SystemResult}, {@code F}: its
 * {@code ForgettingResult}): the evaluation module depends on contracts, so contracts cannot name them.
 *
 * @param status         {@code RUNNING}, {@code COMPLETED} or {@code FAILED}
 * @param systems        per system (base zero-/few-shot, promoted, candidate), differences to the zero-shot base
 * @param forgetting     per held-out task and later model ({@code candidate}, {@code promoted}), against the base
 * @param gate           the gate's verdict; null until the evaluation completed
 * @param decision       {@code PROMOTED}, {@code REJECTED} or {@code PENDING}; null until completed
 * @param decisionReason why, in one line (the gate's reasons, or a person's)
 * @param error          why the evaluation failed, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvaluationOutcome<S, F>(String evaluationId, String status, String runId, String modelName,
                                      String method, List<S> systems, List<F> forgetting, GateVerdict gate,
                                      String decision, String decisionReason, String error) {

    public EvaluationOutcome {
        systems = systems == null ? List.of() : List.copyOf(systems);
        forgetting = forgetting == null ? List.of() : List.copyOf(forgetting);
    }

    /** The gate's verdict as the answer carries it: promote or not, and every reason, each a sentence. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record GateVerdict(boolean promote, List<String> reasons) {

        public GateVerdict {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
        }

        /** The reasons in one line, as eval-service logs and publishes them. */
        @JsonIgnore
        public String summary() {
            return String.join("; ", reasons);
        }
    }

    /** What the launcher prints about the decision: the decision's reason, else the gate's. */
    @JsonIgnore
    public String reason() {
        if (decisionReason != null && !decisionReason.isBlank()) {
            return decisionReason;
        }
        return gate == null ? "" : gate.summary();
    }
}

package io.tuneline.eval.evaluation;

import io.tuneline.contracts.events.ObjectRef;

import java.time.Instant;

/**
 * The model currently serving {@code modelName} ({@code StorageLayout.promotedModel}): the checkpoint (for a LoRA
 * run an adapter folder over {@code baseModel}), which evaluation promoted it, and who decided — {@code gate} or
 * {@code manual}.
 */
public record PromotedModel(String modelName, String runId, String evaluationId, ObjectRef checkpoint,
                            ObjectRef baseModel, String decidedBy, String reason, Instant promotedAt) {

    public static final String BY_GATE = "gate";
    public static final String BY_PERSON = "manual";
}

package io.tuneline.inference.rest;

import io.tuneline.inference.model.ModelVersion;
import io.tuneline.inference.service.GenerationOptions;
import io.tuneline.inference.service.GenerationResult;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Instant;
import java.util.List;

/** Request and response bodies of the inference API. */
final class Bodies {

    private Bodies() {
    }

    /** {@code model} may be omitted: the first configured model answers. */
    record GenerateRequest(String model, @NotBlank String prompt, @Valid GenerationOptions options) {
    }

    record GenerateBatchRequest(String model, @NotEmpty List<@NotBlank String> prompts,
                                @Valid GenerationOptions options) {
    }

    record SummarizeRequest(String model, @NotBlank String dialogue, @Valid GenerationOptions options) {
    }

    record SummarizeBatchRequest(String model, @NotEmpty List<@NotBlank String> dialogues,
                                 @Valid GenerationOptions options) {
    }

    /** The results in the order of the request's prompts. */
    record BatchResponse(List<GenerationResult> results) {
    }

    /** What {@code GET /api/v1/models} says about one model name. */
    record ModelStatus(String name, ModelVersion serving, ModelVersion loading, Failure lastFailure,
                       int runningRequests, int batchSize, int queueDepth, boolean continuousBatching) {
    }

    record Failure(ModelVersion version, String reason, Instant at) {
    }
}

package io.tuneline.inference.rest;

import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.inference.service.GenerationOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** Request and response bodies of the inference API. */
final class Bodies {

    private Bodies() {
    }

    /**
     * {@code model} may be omitted: the first configured model answers. {@code adapter} (optional) names a LoRA
     * adapter applied on the base that model name serves.
     */
    record GenerateRequest(String model, @NotBlank String prompt, @Valid GenerationOptions options, String adapter) {
    }

    record GenerateBatchRequest(String model, @NotEmpty List<@NotBlank String> prompts,
                                @Valid GenerationOptions options, String adapter) {
    }

    record SummarizeRequest(String model, @NotBlank String dialogue, @Valid GenerationOptions options,
                            String adapter) {
    }

    record SummarizeBatchRequest(String model, @NotEmpty List<@NotBlank String> dialogues,
                                 @Valid GenerationOptions options, String adapter) {
    }

    /** The results in the order of the request's prompts. */
    record BatchResponse(List<GenerationResult> results) {
    }
}

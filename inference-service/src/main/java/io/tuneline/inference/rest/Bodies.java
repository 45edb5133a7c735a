package io.tuneline.inference.rest;

import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.inference.service.GenerationOptions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Request and response bodies of the inference API. */
final class Bodies {

    /** A topic is a few words ("hotel check-in"), not a second dialogue. */
    static final int MAX_TOPIC_CHARS = 200;

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

    /** {@code topic} (optional): what the chat is about, put into the prompt as the training template does. */
    record SummarizeRequest(String model, @NotBlank String dialogue, @Size(max = MAX_TOPIC_CHARS) String topic,
                            @Valid GenerationOptions options, String adapter) {
    }

    /** {@code topics} (optional): one per dialogue, in order (null where a chat has none). */
    record SummarizeBatchRequest(String model, @NotEmpty List<@NotBlank String> dialogues,
                                 List<@Size(max = MAX_TOPIC_CHARS) String> topics, @Valid GenerationOptions options,
                                 String adapter) {
    }

    /** The results in the order of the request's prompts. */
    record BatchResponse(List<GenerationResult> results) {
    }
}

package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A multi-task mixture: components with weights (relative; e.g. 70 and 30, or 0.7 and 0.3), e.g. support-chat
 * summarization plus replay of general tasks so fine-tuning resists catastrophic forgetting.
 * {@code totalExamples} fixes the size of the train split; without it, and for the other splits, the size
 * follows the dataset components: all their examples are used once and the others are sampled to the ratio.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mixture(String name, String description, List<MixtureComponent> components, Long totalExamples,
                      Long seed) {

    public Mixture {
        components = components == null ? List.of() : List.copyOf(components);
    }
}

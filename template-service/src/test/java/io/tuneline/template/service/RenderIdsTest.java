package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.template.library.MixtureSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RenderIdsTest {

    private final RenderIds ids = new RenderIds(new ObjectMapper());

    private static RenderIds.Inputs inputs(long seed, int maxInputTokens) {
        return new RenderIds.Inputs("support", "v2", null, List.of(new RenderManifest.Component(
                "dialogue_summarization", List.of("a", "b"), new MixtureSource(MixtureSource.DATASET, "support", "v2"),
                1.0)), List.of(), List.of(), null, seed, maxInputTokens, "tokenizer.json");
    }

    @Test
    void equalInputsShareAnIdAndEveryInputChangesIt() {
        String id = ids.renderId(inputs(42, 512));

        assertThat(id).matches("r-[0-9a-f]{16}").isEqualTo(ids.renderId(inputs(42, 512)));
        assertThat(ids.renderId(inputs(43, 512))).isNotEqualTo(id);
        assertThat(ids.renderId(inputs(42, 256))).isNotEqualTo(id);
    }
}

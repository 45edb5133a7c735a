package io.tuneline.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneline.model.generate.GenerationConfig;
import org.junit.jupiter.api.Test;

class GenerationOptionsTest {

    @Test
    void fieldsSetByTheCallerWinOverTheDefaults() {
        GenerationOptions caller = new GenerationOptions(20, null, null, 3, true, null, null, 0.9, 7L);
        GenerationOptions defaults = new GenerationOptions(96, 4, 0.8, 2, false, 0.5, 10, null, null);

        GenerationOptions merged = caller.orElse(defaults);

        assertThat(merged).isEqualTo(new GenerationOptions(20, 4, 0.8, 3, true, 0.5, 10, 0.9, 7L));
        assertThat(GenerationOptions.DEFAULTS.orElse(defaults)).isEqualTo(defaults);
    }

    @Test
    void unsetOptionsGiveGreedySearchWithTheDefaultLength() {
        GenerationConfig config = GenerationOptions.DEFAULTS.toConfig(64);
        GenerationConfig greedy = GenerationConfig.greedy(64);

        assertThat(config.maxNewTokens()).isEqualTo(64);
        assertThat(config.numBeams()).isEqualTo(greedy.numBeams()).isEqualTo(1);
        assertThat(config.doSample()).isFalse();
        assertThat(config.noRepeatNgramSize()).isEqualTo(greedy.noRepeatNgramSize());
    }

    @Test
    void everyOptionReachesTheModelCoreSettings() {
        GenerationConfig sampling = new GenerationOptions(30, null, null, 2, true, 0.7, 5, 0.9, 42L).toConfig(64);

        assertThat(sampling.maxNewTokens()).isEqualTo(30);
        assertThat(sampling.noRepeatNgramSize()).isEqualTo(2);
        assertThat(sampling.doSample()).isTrue();
        assertThat(sampling.temperature()).isEqualTo(0.7);
        assertThat(sampling.topK()).isEqualTo(5);
        assertThat(sampling.topP()).isEqualTo(0.9);
        assertThat(sampling.seed()).isEqualTo(42L);

        GenerationConfig beams = new GenerationOptions(null, 3, 0.6, null, null, null, null, null, null).toConfig(64);
        assertThat(beams.numBeams()).isEqualTo(3);
        assertThat(beams.lengthPenalty()).isEqualTo(0.6);
    }

    @Test
    void optionsThatDoNotGoTogetherAreRefusedByName() {
        GenerationOptions beamsAndSampling = new GenerationOptions(null, 3, null, null, true, null, null, null, null);

        assertThatThrownBy(() -> beamsAndSampling.toConfig(64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num_beams");
    }

    @Test
    void anOutOfRangeValueIsRefusedWithTheFieldName() {
        GenerationOptions coldSampling = new GenerationOptions(null, null, null, null, true, 0.0, null, null, null);

        assertThatThrownBy(() -> coldSampling.toConfig(64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
    }
}

package io.tuneline.model.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class T5ConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsTheClassicFlanT5Form() {
        T5Config config = T5Config.read(Fixtures.t5(Fixtures.FLAN_UNTIED).resolve("config.json"));
        assertThat(config.gatedActivation()).isTrue();
        assertThat(config.denseActivation()).isEqualTo("gelu_new");
        assertThat(config.tieWordEmbeddings()).isFalse();
        assertThat(config.scaleDecoderOutputs()).isFalse();
        assertThat(config.numLayers()).isEqualTo(3);
        assertThat(config.numDecoderLayers()).isEqualTo(2);
        assertThat(config.dropoutRate()).isEqualTo(0.1f);
    }

    @Test
    void readsTransformers5TiedForms() {
        T5Config original = T5Config.read(Fixtures.t5(Fixtures.T5_V1).resolve("config.json"));
        assertThat(original.denseActivation()).isEqualTo("relu");
        assertThat(original.gatedActivation()).isFalse();
        assertThat(original.tieWordEmbeddings()).isTrue();
        assertThat(original.scaleDecoderOutputs()).isTrue();
        T5Config noScale = T5Config.read(Fixtures.t5(Fixtures.TIED_NOSCALE).resolve("config.json"));
        assertThat(noScale.tieWordEmbeddings()).isTrue();
        assertThat(noScale.scaleDecoderOutputs()).isFalse();
    }

    @Test
    void appliesHuggingFaceDefaults() throws IOException {
        T5Config config = T5Config.fromJson(JSON.readTree("{\"num_layers\": 4, \"eos_token_id\": [1, 7]}"));
        assertThat(config.numDecoderLayers()).isEqualTo(4);
        assertThat(config.tieWordEmbeddings()).isTrue();
        assertThat(config.scaleDecoderOutputs()).as("a tied head rescales when not stated").isTrue();
        assertThat(config.denseActivation()).isEqualTo("relu");
        assertThat(config.eosTokenId()).isEqualTo(1);
        assertThat(T5Config.fromJson(JSON.readTree("{\"feed_forward_proj\": \"gated-silu\"}")))
                .extracting(T5Config::denseActivation, T5Config::gatedActivation).containsExactly("silu", true);
    }

    @Test
    void rejectsUnknownActivations() {
        assertThatThrownBy(() -> T5Config.fromJson(JSON.readTree("{\"feed_forward_proj\": \"gated-mish\"}")))
                .hasMessageContaining("mish");
        assertThatThrownBy(() -> T5Config.fromJson(JSON.readTree("{\"feed_forward_proj\": \"fancy-relu\"}")))
                .hasMessageContaining("fancy-relu");
    }

    @Test
    void writesAConfigThatReadsBackEqual() throws IOException {
        for (T5Config config : new T5Config[] {T5Config.flanT5SmallShape(), T5Config.tinyShape(),
                T5Config.read(Fixtures.t5(Fixtures.T5_V1).resolve("config.json"))}) {
            assertThat(T5Config.fromJson(JSON.readTree(JSON.writeValueAsString(config.toJson("float32")))))
                    .isEqualTo(config);
        }
    }

    @Test
    void generationDefaultsFallBackToTheModelConfig() throws IOException {
        T5Config config = T5Config.read(Fixtures.t5(Fixtures.T5_V1).resolve("config.json"));
        GenerationDefaults defaults = GenerationDefaults.read(
                Fixtures.t5(Fixtures.T5_V1).resolve("generation_config.json"), config);
        assertThat(defaults.decoderStartTokenId()).isZero();
        assertThat(defaults.eosTokenId()).isEqualTo(1);
        assertThat(defaults.numBeams()).isNull();
    }
}

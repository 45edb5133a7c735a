package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.testing.TestTemplateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenizerProviderTest {

    @TempDir
    Path dir;

    @Test
    void aConfiguredTokenizerThatCannotBeParsedIsUnavailableNotAnInternalError() throws IOException {
        Path broken = Files.writeString(dir.resolve("tokenizer.json"), "{\"not\": \"a tokenizer\"}");
        TokenizerProvider provider = new TokenizerProvider(configWithPath(broken), null, StorageLayout.defaults());

        assertThatThrownBy(provider::get)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.toApiError().error()).isEqualTo(TokenizerProvider.ERROR_UNAVAILABLE);
                    assertThat(e.getMessage()).contains(broken.toString());
                });
    }

    @Test
    void aValidTokenizerIsDescribedByItsFullPath() {
        Path shipped = Path.of("src/test/resources/tokenizer.json").toAbsolutePath();
        TokenizerProvider provider = new TokenizerProvider(configWithPath(shipped), null, StorageLayout.defaults());

        assertThat(provider.get().describe()).isEqualTo(shipped.toString());
        assertThat(provider.get().countTextTokens("Hello world")).isPositive();
        provider.close();
    }

    private static TemplateConfig configWithPath(Path tokenizerJson) {
        return new TestTemplateConfig().tokenizerPath(tokenizerJson);
    }
}

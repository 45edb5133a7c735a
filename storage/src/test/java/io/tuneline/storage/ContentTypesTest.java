package io.tuneline.storage;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource({
            "config.json, application/json",
            "train.JSONL, application/x-ndjson",
            "data.csv, text/csv",
            "loss.png, image/png",
            "model.safetensors, application/octet-stream",
            "README.md, text/plain"})
    void guessesFromTheFileName(String name, String expected) {
        assertThat(ContentTypes.forName(name)).isEqualTo(expected);
    }
}

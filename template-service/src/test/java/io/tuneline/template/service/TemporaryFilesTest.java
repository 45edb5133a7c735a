package io.tuneline.template.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class TemporaryFilesTest {

    @Test
    void createsAJsonLinesFileAndDeletesItQuietlyEvenTwice() throws IOException {
        Path file = TemporaryFiles.create("render-test-");
        assertThat(file).exists();
        assertThat(file.getFileName().toString()).startsWith("render-test-").endsWith(".jsonl");

        TemporaryFiles.deleteQuietly(file);

        assertThat(Files.exists(file)).isFalse();
        assertThatCode(() -> {
            TemporaryFiles.deleteQuietly(file);
            TemporaryFiles.deleteQuietly(null);
        }).doesNotThrowAnyException();
    }
}

package io.tuneline.storage;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {

    @Test
    void readsEnvironmentStyleKeys() {
        S3Settings settings = S3Settings.fromMap(Map.of(
                "TUNELINE_S3_ENDPOINT", "http://minio:9000",
                "TUNELINE_S3_ACCESS_KEY", "key",
                "TUNELINE_S3_SECRET_KEY", "secret",
                "TUNELINE_S3_REGION", "eu-west-1"));

        assertThat(settings).isEqualTo(new S3Settings("http://minio:9000", "key", "secret", "eu-west-1"));
    }

    @Test
    void regionIsOptional() {
        S3Settings settings = S3Settings.fromMap(Map.of(
                "TUNELINE_S3_ENDPOINT", "http://minio:9000",
                "TUNELINE_S3_ACCESS_KEY", "key",
                "TUNELINE_S3_SECRET_KEY", "secret",
                "TUNELINE_S3_REGION", " "));

        assertThat(settings.region()).isNull();
    }

    @Test
    void missingVariableIsNamed() {
        assertThatThrownBy(() -> S3Settings.fromMap(Map.of("TUNELINE_S3_ENDPOINT", "http://minio:9000",
                "TUNELINE_S3_ACCESS_KEY", "key")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TUNELINE_S3_SECRET_KEY");
    }

    @Test
    void toStringHidesTheSecret() {
        assertThat(new S3Settings("http://minio:9000", "key", "very-secret").toString())
                .contains("http://minio:9000", "key")
                .doesNotContain("very-secret");
    }
}

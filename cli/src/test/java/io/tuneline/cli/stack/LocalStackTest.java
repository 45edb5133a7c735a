package io.tuneline.cli.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class LocalStackTest {

    @TempDir
    Path repo;

    private LocalStack stackIn(Path repoRoot) {
        PortPlan ports = new PortPlan().assign(PortPlan.KAFKA, "--kafka-port", 0);
        return new LocalStack(StackLayout.forRepository(repoRoot, null), ports, new Console(System.out, false),
                Duration.ofSeconds(5));
    }

    @Test
    void tellsWhichServiceJarsAreMissingAndHowToBuildThem() throws Exception {
        Path datasetJar = Service.DATASET.runnableJar(repo);
        Files.createDirectories(datasetJar.getParent());
        Files.writeString(datasetJar, "a jar");

        assertThatThrownBy(() -> stackIn(repo).preflight())
                .isInstanceOf(StackException.class)
                .hasMessageContaining("template-service/target/quarkus-app/quarkus-run.jar")
                .hasMessageContaining("inference-service/target/quarkus-app/quarkus-run.jar")
                .hasMessageNotContaining("dataset-service")
                .hasMessageContaining("./mvnw -B -DskipTests install");
    }

    @Test
    void givesEachServiceTheSameVariablesAsAKubernetesDeployment() {
        Map<String, String> environment = LocalStack.serviceEnvironment(
                new LocalStack.Infrastructure("127.0.0.1:19092", "http://127.0.0.1:19000"), 8083, Map.of());

        assertThat(environment).containsOnly(
                entry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092"),
                entry("TUNELINE_S3_ENDPOINT", "http://127.0.0.1:19000"),
                entry("TUNELINE_S3_ACCESS_KEY", "tuneline"),
                entry("TUNELINE_S3_SECRET_KEY", "tuneline-secret"),
                entry("TUNELINE_S3_BUCKET_PREFIX", "tuneline-"),
                entry("HTTP_PORT", "8083"),
                entry("QUARKUS_HTTP_HOST", "127.0.0.1"),
                entry("TUNELINE_SECURITY_MODE", "open"));
    }

    @Test
    void addsAServicesOwnSettingsButNeverLetsThemChangeTheWiring() {
        Map<String, String> environment = LocalStack.serviceEnvironment(
                new LocalStack.Infrastructure("127.0.0.1:19092", "http://127.0.0.1:19000"), 8082,
                Map.of("TUNELINE_TEMPLATE_TOKENIZER_PATH", "/tmp/tokenizer.json", "HTTP_PORT", "1"));

        assertThat(environment)
                .containsEntry("TUNELINE_TEMPLATE_TOKENIZER_PATH", "/tmp/tokenizer.json")
                .containsEntry("HTTP_PORT", "8082");
    }

    @Test
    void stoppingBeforeAnythingStartedLeavesNothing() {
        LocalStack stack = stackIn(repo);

        assertThat(stack.stop()).isTrue();
        assertThat(stack.isStopped()).isTrue();
    }
}

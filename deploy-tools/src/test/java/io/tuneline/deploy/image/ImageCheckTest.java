package io.tuneline.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageCheckTest {

    private static final Map<String, String> LABELS = Map.of(
            "org.opencontainers.image.title", "t", "org.opencontainers.image.version", "1",
            "org.opencontainers.image.revision", "r", "org.opencontainers.image.source", "s");

    @Test
    void aGoodImageHasNoProblems() {
        assertThat(ImageCheck.problems(image("185:185", LABELS, "-XX:MaxRAMPercentage=75"), Optional.of(8081),
                Optional.of("/app.jar"))).isEmpty();
    }

    @Test
    void rootUserMissingLabelsAndUnsizedHeapAreEachReported() {
        List<String> problems = ImageCheck.problems(image("0", Map.of("org.opencontainers.image.title", "t"), ""),
                Optional.of(8081), Optional.empty());

        assertThat(problems).containsExactly(
                "user is '0': it must be a numeric non-root uid, so that Kubernetes' runAsNonRoot can verify it",
                "label org.opencontainers.image.version is missing",
                "label org.opencontainers.image.revision is missing",
                "label org.opencontainers.image.source is missing",
                "JDK_JAVA_OPTIONS does not size the heap from the container limit (MaxRAMPercentage)");
    }

    @Test
    void aNamedUserCannotBeVerifiedByRunAsNonRoot() {
        assertThat(ImageCheck.problems(image("tuneline", LABELS, "-XX:MaxRAMPercentage=75"), Optional.of(8081),
                Optional.empty())).singleElement().asString().startsWith("user is 'tuneline'");
    }

    @Test
    void anEntrypointProgramMissingFromTheLayersIsReported() {
        ImageConfig config = new ImageConfig("185", List.of("/usr/bin/java", "-jar", "/app.jar"),
                Map.of("JDK_JAVA_OPTIONS", "-XX:MaxRAMPercentage=75"), Set.of(), LABELS, "/", "amd64", "linux");
        ImageTarball.Contents image = new ImageTarball.Contents("oci", config, Set.of("/app.jar"));

        assertThat(ImageCheck.problems(image, Optional.empty(), Optional.empty()))
                .containsExactly("the entrypoint's program /usr/bin/java is not in any layer");
    }

    private static ImageTarball.Contents image(String user, Map<String, String> labels, String jvmOptions) {
        ImageConfig config = new ImageConfig(user, List.of("/java", "-jar", "/app.jar"),
                Map.of("JDK_JAVA_OPTIONS", jvmOptions), Set.of("8081/tcp"), labels, "/", "amd64", "linux");
        return new ImageTarball.Contents("oci", config, Set.of("/java", "/app.jar"));
    }
}

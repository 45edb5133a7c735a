package io.tuneline.deploy.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What every Tuneline image must satisfy to run under the chart's hardened Pods; each problem is one sentence. */
public final class ImageCheck {

    /** Labels a registry UI, a scanner or a person needs to trace an image back to its source. */
    public static final List<String> REQUIRED_LABELS = List.of(
            "org.opencontainers.image.title", "org.opencontainers.image.version",
            "org.opencontainers.image.revision", "org.opencontainers.image.source");

    private ImageCheck() {
    }

    /**
     * @param port         the one TCP port the image must expose, or empty for an image that exposes none
     * @param requiredPath a file the image must contain besides its entrypoint's program, e.g. the application jar
     */
    public static List<String> problems(ImageTarball.Contents image, Optional<Integer> port, Optional<String> requiredPath) {
        ImageConfig config = image.config();
        List<String> problems = new ArrayList<>();
        String uid = config.user().split(":", 2)[0];
        if (!uid.matches("[0-9]+") || Integer.parseInt(uid) == 0) {
            problems.add("user is '" + config.user() + "': it must be a numeric non-root uid, "
                    + "so that Kubernetes' runAsNonRoot can verify it");
        }
        if (config.entrypoint().isEmpty() || !config.entrypoint().get(0).startsWith("/")) {
            problems.add("entrypoint " + config.entrypoint() + " must start with an absolute program path");
        } else if (!image.paths().contains(config.entrypoint().get(0))) {
            problems.add("the entrypoint's program " + config.entrypoint().get(0) + " is not in any layer");
        }
        requiredPath.filter(path -> !image.paths().contains(path))
                .ifPresent(path -> problems.add(path + " is not in any layer"));
        Set<String> expectedPorts = port.map(p -> Set.of(p + "/tcp")).orElse(Set.of());
        if (!config.exposedPorts().equals(expectedPorts)) {
            problems.add("exposed ports are " + config.exposedPorts() + ", expected " + expectedPorts);
        }
        for (String label : REQUIRED_LABELS) {
            if (config.labels().getOrDefault(label, "").isBlank()) {
                problems.add("label " + label + " is missing");
            }
        }
        if (!config.environment().getOrDefault("JDK_JAVA_OPTIONS", "").contains("MaxRAMPercentage")) {
            problems.add("JDK_JAVA_OPTIONS does not size the heap from the container limit (MaxRAMPercentage)");
        }
        if (!"linux".equals(config.os()) || !"amd64".equals(config.architecture())) {
            problems.add("platform is " + config.os() + "/" + config.architecture() + ", expected linux/amd64");
        }
        return problems;
    }
}

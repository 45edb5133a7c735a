package io.tuneline.deploy.image;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything an image is made of: its name, the base it starts from, its layers and its configuration.
 *
 * @param reference        the image name and tag written into the tarball, e.g. {@code ghcr.io/tuneline/dataset-service:0.1.0}
 * @param baseImage        {@code tar:///path/base.tar} (offline), a registry reference such as
 *                         {@code eclipse-temurin:17-jre}, or {@code scratch}
 * @param layers           application layers on top of the base
 * @param entrypoint       the command the container runs
 * @param environment      variables set in the image (the base's are kept unless overridden)
 * @param labels           image labels, {@code org.opencontainers.image.*} among them
 * @param user             numeric {@code uid:gid}; Kubernetes' {@code runAsNonRoot} can only verify numeric users
 * @param workingDirectory the container's working directory
 * @param port             the exposed TCP port, empty for images that serve nothing (the trainer worker)
 * @param format           OCI for what users push; Docker for the offline base, because Jib reads a
 *                         {@code tar://} base only in {@code docker save} form
 */
public record ImageSpec(
        String reference,
        String baseImage,
        List<ImageLayer> layers,
        List<String> entrypoint,
        Map<String, String> environment,
        Map<String, String> labels,
        String user,
        String workingDirectory,
        Optional<Integer> port,
        Format format) {

    public static final String SCRATCH = "scratch";

    public enum Format { OCI, DOCKER }

    public ImageSpec {
        layers = List.copyOf(layers);
        entrypoint = List.copyOf(entrypoint);
        environment = Map.copyOf(environment);
        labels = Map.copyOf(labels);
    }
}

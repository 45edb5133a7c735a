package io.tuneline.deploy.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Set;

/** Writes an {@link ImageSpec} as an image tarball with jib-core: no Docker daemon, no registry for a tar base. */
public final class ImageBuilder {

    /** Fixed file times keep layers byte-identical between builds of the same inputs (Jib's own convention). */
    private static final Instant FILE_TIME = Instant.ofEpochSecond(1);

    private final Path cacheDirectory;

    /** @param cacheDirectory where Jib keeps base and application layers between builds */
    public ImageBuilder(Path cacheDirectory) {
        this.cacheDirectory = cacheDirectory;
    }

    /** Builds the image into {@code tarball} and returns its digest ({@code sha256:...}). */
    public String build(ImageSpec spec, Path tarball) throws Exception {
        JibContainerBuilder builder = ImageSpec.SCRATCH.equals(spec.baseImage())
                ? Jib.fromScratch()
                : Jib.from(spec.baseImage());
        builder.setFormat(spec.format() == ImageSpec.Format.OCI ? ImageFormat.OCI : ImageFormat.Docker)
                .setEntrypoint(spec.entrypoint())
                .setUser(spec.user())
                .setWorkingDirectory(AbsoluteUnixPath.get(spec.workingDirectory()))
                .setCreationTime(FILE_TIME);
        spec.environment().forEach(builder::addEnvironmentVariable);
        spec.labels().forEach(builder::addLabel);
        spec.port().ifPresent(port -> builder.addExposedPort(Port.tcp(port)));
        for (ImageLayer layer : spec.layers()) {
            builder.addFileEntriesLayer(toJibLayer(layer));
        }
        Files.createDirectories(tarball.toAbsolutePath().getParent());
        Containerizer containerizer = Containerizer.to(TarImage.at(tarball.toAbsolutePath()).named(spec.reference()))
                .setBaseImageLayersCache(cacheDirectory.resolve("base"))
                .setApplicationLayersCache(cacheDirectory.resolve("application"))
                .setOfflineMode(spec.baseImage().startsWith(Jib.TAR_IMAGE_PREFIX) || ImageSpec.SCRATCH.equals(spec.baseImage()))
                .setToolName("tuneline-deploy-tools");
        JibContainer container = builder.containerize(containerizer);
        return container.getDigest().toString();
    }

    private static FileEntriesLayer toJibLayer(ImageLayer layer) throws IOException {
        FileEntriesLayer.Builder jibLayer = FileEntriesLayer.builder().setName(layer.name());
        for (ImageLayer.Entry entry : layer.entries()) {
            AbsoluteUnixPath target = AbsoluteUnixPath.get(entry.target());
            if (Files.isDirectory(entry.source())) {
                jibLayer.addEntryRecursive(entry.source(), target,
                        (source, inImage) -> permissionsOf(source), (source, inImage) -> FILE_TIME);
            } else {
                jibLayer.addEntry(entry.source(), target, permissionsOf(entry.source()), FILE_TIME);
            }
        }
        return jibLayer.build();
    }

    /**
     * The source file's own permission bits, so executables of a base root file system stay executable (Jib's
     * default would make every file 644).
     */
    private static FilePermissions permissionsOf(Path source) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(source);
            return FilePermissions.fromPosixFilePermissions(permissions);
        } catch (IOException | UnsupportedOperationException e) {
            return Files.isDirectory(source) ? FilePermissions.DEFAULT_FOLDER_PERMISSIONS : FilePermissions.DEFAULT_FILE_PERMISSIONS;
        }
    }
}

package io.tuneline.worker.data;

import io.tuneline.storage.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Opens what a run spec points at: {@code s3://bucket/key} through the object store, anything else as a local
 * path. A base model in S3 is downloaded once into {@code cacheDir/base-models/bucket/prefix/} (a {@code .complete}
 * marker tells a finished download from one a killed worker left behind).
 */
public final class RunInputs {

    private static final String COMPLETE = ".complete";

    private final Supplier<ObjectStore> store;
    private final Path cacheDir;

    /** {@code store} is asked for only when an {@code s3://} location is used. */
    public RunInputs(Supplier<ObjectStore> store, Path cacheDir) {
        this.store = store;
        this.cacheDir = cacheDir;
    }

    public static boolean isS3(String location) {
        return location != null && location.startsWith("s3://");
    }

    /** A local folder holding the base model's Hugging Face files. */
    public Path baseModelFolder(String location) {
        if (!isS3(location)) {
            Path folder = Path.of(location);
            if (!Files.isRegularFile(folder.resolve("config.json"))) {
                throw new IllegalArgumentException("base model " + location + " is not a Hugging Face folder"
                        + " (no config.json)");
            }
            return folder;
        }
        S3Location s3 = S3Location.parse(location);
        Path folder = cacheDir.resolve("base-models").resolve(s3.bucket()).resolve(s3.key()).normalize();
        if (!folder.startsWith(cacheDir.resolve("base-models"))) {
            throw new IllegalArgumentException("base model location escapes the cache: " + location);
        }
        if (!Files.exists(folder.resolve(COMPLETE))) {
            store.get().downloadFolder(s3.bucket(), s3.key(), folder);
            try {
                Files.writeString(folder.resolve(COMPLETE), location);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot mark download " + folder, e);
            }
        }
        return folder;
    }

    /** Opens a prompt file for streaming; the caller closes it. */
    public InputStream open(String location) {
        if (isS3(location)) {
            S3Location s3 = S3Location.parse(location);
            return store.get().get(s3.bucket(), s3.key());
        }
        try {
            return Files.newInputStream(Path.of(location));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + location, e);
        }
    }

    /** {@code s3://bucket/key} split in two. */
    public record S3Location(String bucket, String key) {

        public static S3Location parse(String location) {
            String path = Optional.ofNullable(location).filter(RunInputs::isS3)
                    .map(l -> l.substring("s3://".length()))
                    .orElseThrow(() -> new IllegalArgumentException("not an s3:// location: " + location));
            int slash = path.indexOf('/');
            if (slash <= 0) {
                return new S3Location(path, "");
            }
            return new S3Location(path.substring(0, slash), path.substring(slash + 1));
        }
    }
}

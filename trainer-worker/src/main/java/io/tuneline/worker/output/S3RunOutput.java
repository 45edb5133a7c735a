package io.tuneline.worker.output;

import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run's output under an S3 prefix ({@code s3://checkpoints/{runId}/}). Folders are staged in a local work
 * folder and uploaded file by file in path order, which puts {@code trainer_state/state.json} last: a folder
 * whose upload was cut off has no state and is not resumed from.
 */
public final class S3RunOutput implements RunOutput {

    private final ObjectStore store;
    private final String bucket;
    private final String prefix;
    private final Path workDir;

    /** {@code prefix} is a folder ("run-1/"); {@code workDir} holds staged folders and downloads. */
    public S3RunOutput(ObjectStore store, String bucket, String prefix, Path workDir) {
        this.store = store;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.workDir = workDir.toAbsolutePath().normalize();
    }

    @Override
    public String location(String name) {
        return "s3://" + bucket + "/" + prefix + name + (name.contains(".") ? "" : "/");
    }

    @Override
    public Path stagingFolder(String name) {
        return LocalRunOutput.emptyFolder(workDir.resolve("staging").resolve(name));
    }

    @Override
    public void publishFolder(String name) {
        Path staging = workDir.resolve("staging").resolve(name);
        store.deletePrefix(bucket, prefix + name + "/");
        store.uploadFolder(staging, bucket, prefix + name + "/");
        LocalRunOutput.deleteRecursively(staging);
    }

    @Override
    public void writeFile(String name, byte[] content) {
        store.put(bucket, prefix + name, content);
    }

    @Override
    public Optional<byte[]> readFile(String name) {
        try {
            return Optional.of(store.getBytes(bucket, prefix + name));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> checkpointFolders() {
        String marker = "/" + RunFolderNames.TRAINER_STATE + "/" + RunFolderNames.STATE_JSON;
        return store.list(bucket, prefix).stream()
                .map(StoredObject::key)
                .filter(key -> key.endsWith(marker))
                .map(key -> key.substring(prefix.length(), key.length() - marker.length()))
                .filter(name -> !name.contains("/") && RunFolderNames.stepOf(name) >= 0)
                .sorted(Comparator.comparingLong(RunFolderNames::stepOf))
                .toList();
    }

    @Override
    public Path localCopy(String name) {
        Path local = workDir.resolve("downloads").resolve(name);
        LocalRunOutput.deleteRecursively(local);
        store.downloadFolder(bucket, prefix + name + "/", local);
        return local;
    }

    @Override
    public void deleteFolder(String name) {
        store.deletePrefix(bucket, prefix + name + "/");
    }
}

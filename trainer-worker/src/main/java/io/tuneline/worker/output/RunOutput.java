package io.tuneline.worker.output;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a run writes its checkpoints, final model and markers: a local folder ({@link LocalRunOutput}) or an S3
 * prefix ({@link S3RunOutput}). Folders are written locally first ({@link #stagingFolder}) and then published
 * whole; a folder counts as complete only once its {@code trainer_state/state.json} (or, for {@code final}, its
 * {@code model.safetensors}) is there, so a worker killed while publishing leaves nothing a resume would trust.
 */
public interface RunOutput extends AutoCloseable {

    /** Where {@code name} is, for people and events: {@code /abs/out/step-40/} or {@code s3://b/run/step-40/}. */
    String location(String name);

    /** An empty local folder to write {@code name} into before {@link #publishFolder}. */
    Path stagingFolder(String name);

    /** Makes the staged folder {@code name} the published one, replacing an older one of the same name. */
    void publishFolder(String name);

    /** Writes a small file (a marker) at the top of the output. */
    void writeFile(String name, byte[] content);

    Optional<byte[]> readFile(String name);

    /** Names of the complete checkpoint folders ({@code step-N}, holding {@code trainer_state/state.json}). */
    List<String> checkpointFolders();

    /** A local folder holding the published folder {@code name} (downloaded first when the output is remote). */
    Path localCopy(String name);

    void deleteFolder(String name);

    /** Whether a run already wrote here: a complete checkpoint or its result. */
    default boolean holdsRun() {
        return !checkpointFolders().isEmpty() || readFile(RunFolderNames.result()).isPresent();
    }

    @Override
    default void close() {
    }
}

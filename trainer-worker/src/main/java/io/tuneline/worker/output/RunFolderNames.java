package io.tuneline.worker.output;

import io.tuneline.contracts.storage.StorageLayout;

/**
 * Names inside a run's output (a local {@code --out} folder or {@code s3://checkpoints/{runId}/}), taken from
 * {@link StorageLayout} so the local and the S3 layout cannot drift apart: {@code step-{n}}, {@code final},
 * {@code best.json}, {@code result.json}, and {@code trainer_state/} inside a checkpoint.
 */
public final class RunFolderNames {

    /** Inside every checkpoint folder: what a resumed run needs besides the weights. */
    public static final String TRAINER_STATE = "trainer_state";
    /** Written last into {@link #TRAINER_STATE}: a checkpoint without it is incomplete and ignored. */
    public static final String STATE_JSON = "state.json";

    private static final StorageLayout LAYOUT = StorageLayout.defaults();
    private static final String RUN = "run";

    private RunFolderNames() {
    }

    public static String checkpoint(long step) {
        return relative(LAYOUT.checkpoint(RUN, step).key());
    }

    public static String finalModel() {
        return relative(LAYOUT.finalCheckpoint(RUN).key());
    }

    public static String bestMarker() {
        return relative(LAYOUT.bestCheckpoint(RUN).key());
    }

    public static String result() {
        return relative(LAYOUT.trainingResult(RUN).key());
    }

    /** The step of a checkpoint folder name, or -1 for any other name. */
    public static long stepOf(String name) {
        String prefix = checkpoint(0).substring(0, checkpoint(0).length() - 1);
        if (!name.startsWith(prefix)) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(prefix.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String relative(String key) {
        String inRun = key.substring(LAYOUT.runPrefix(RUN).length());
        return inRun.endsWith("/") ? inRun.substring(0, inRun.length() - 1) : inRun;
    }
}

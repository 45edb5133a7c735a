package io.tuneline.trainer.executor.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Starts one worker process; its standard output carries the progress lines, its standard error goes to {@code log}. */
public interface WorkerLauncher {

    Process launch(String runId, List<String> workerArgs, Path log) throws IOException;
}

package io.tuneline.trainer.executor.local;

import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.trainer.config.TrainerConfig;
import io.tuneline.trainer.executor.RunExecutor;
import io.tuneline.trainer.executor.RunListener;
import io.tuneline.trainer.executor.WorkerArguments;
import io.tuneline.trainer.executor.WorkerLaunch;
import io.tuneline.contracts.api.RunState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each worker as a child JVM on this machine. At most {@code maxConcurrentRuns} train at once; the others wait
 * in submission order. A worker that dies without reporting an end (killed, out of memory) is started again after a
 * doubling back-off, up to {@code maxRestarts} times; it resumes from its newest checkpoint (the arguments always
 * carry {@code --resume}). Exit status 2 means the worker refused its arguments or spec: that is final. The service
 * publishes the events.
 */
@ApplicationScoped
public class LocalExecutor implements RunExecutor {

    public static final String NAME = "local";
    public static final String ERROR_WORKER_DIED = "worker-died";
    public static final String ERROR_WORKER_UNAVAILABLE = "worker-unavailable";
    public static final String ERROR_WORKER_REFUSED = "worker-refused-spec";
    /** trainer-worker's exit status for bad arguments or an invalid spec. */
    static final int EXIT_USAGE = 2;

    private static final Logger LOG = Logger.getLogger(LocalExecutor.class);

    private final TrainerConfig config;
    private final WorkerLauncher launcher;
    private final ExecutorService slots;
    private final Map<String, LocalRun> runs = new ConcurrentHashMap<>();

    LocalExecutor(TrainerConfig config, WorkerLauncher launcher) {
        this.config = config;
        this.launcher = launcher;
        AtomicInteger threads = new AtomicInteger();
        this.slots = Executors.newFixedThreadPool(Math.max(1, config.local().maxConcurrentRuns()), task -> {
            Thread thread = new Thread(task, "local-run-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean servicePublishesEvents() {
        return true;
    }

    @Override
    public void submit(WorkerLaunch launch, RunListener listener) {
        LocalRun run = new LocalRun(launch, listener);
        runs.put(launch.runId(), run);
        slots.submit(() -> {
            try {
                run.execute();
            } catch (RuntimeException e) {
                LOG.errorf(e, "Run %s: the local executor failed", launch.runId());
                listener.onFailed(new TrainingFailed(launch.runId(), ERROR_WORKER_UNAVAILABLE, e.toString(), null));
            } finally {
                runs.remove(launch.runId(), run);
            }
        });
    }

    @Override
    public boolean cancel(String runId) {
        LocalRun run = runs.get(runId);
        if (run == null) {
            return false;
        }
        run.cancel();
        return true;
    }

    /** The pid of a run's current worker, if one is alive (tests kill it to prove the restart). */
    public java.util.Optional<ProcessHandle> workerProcess(String runId) {
        LocalRun run = runs.get(runId);
        Process process = run == null ? null : run.process;
        return process != null && process.isAlive() ? java.util.Optional.of(process.toHandle())
                : java.util.Optional.empty();
    }

    /** Children must not outlive the service; their runs resume when it starts again. */
    @PreDestroy
    void stopAll() {
        runs.values().forEach(LocalRun::kill);
        slots.shutdownNow();
    }

    private final class LocalRun {

        private final WorkerLaunch launch;
        private final RunListener listener;
        private volatile boolean cancelled;
        private volatile Process process;
        private volatile Thread thread;

        LocalRun(WorkerLaunch launch, RunListener listener) {
            this.launch = launch;
            this.listener = listener;
        }

        void execute() {
            thread = Thread.currentThread();
            String runId = launch.runId();
            Path dir = Path.of(config.local().workDir(), runId);
            Path specFile = dir.resolve("spec.json");
            Path log = dir.resolve("worker.log");
            try {
                Files.createDirectories(dir);
                Files.writeString(specFile, EventCodec.mapper().writeValueAsString(launch.spec()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int restarts = 0;
            while (!cancelled) {
                List<String> args = WorkerArguments.expand(config.worker().args(), specFile.toString(), runId,
                        launch.out().toString(), "jsonl");
                Outcome outcome;
                try {
                    process = launcher.launch(runId, args, log);
                } catch (IOException e) {
                    listener.onFailed(new TrainingFailed(runId, ERROR_WORKER_UNAVAILABLE,
                            "cannot start the worker: " + e.getMessage(), null));
                    return;
                }
                listener.onState(runId, RunState.RUNNING, null, restarts > 0 ? "worker restarted, resuming from its "
                        + "newest checkpoint" : null, true);
                outcome = follow(process, log);
                if (cancelled || outcome.finished()) {
                    return;
                }
                if (outcome.exitCode() == EXIT_USAGE) {
                    listener.onFailed(new TrainingFailed(runId, ERROR_WORKER_REFUSED, "the worker refused its "
                            + "arguments or spec (exit code 2)" + lastLogLine(log), null));
                    return;
                }
                restarts++;
                String died = "worker exited with code " + outcome.exitCode() + lastLogLine(log);
                if (restarts > config.local().maxRestarts()) {
                    listener.onFailed(new TrainingFailed(runId, ERROR_WORKER_DIED, died + "; gave up after "
                            + config.local().maxRestarts() + " restarts", null));
                    return;
                }
                Duration backoff = config.local().restartBackoff().multipliedBy(1L << Math.min(restarts - 1, 16));
                listener.onState(runId, RunState.RESTARTING, ERROR_WORKER_DIED, died + "; restart " + restarts
                        + " of " + config.local().maxRestarts() + " in " + backoff.toMillis() + " ms, resuming", false);
                LOG.warnf("Run %s: %s; restarting in %s", runId, died, backoff);
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException e) {
                    if (!cancelled) {
                        Thread.currentThread().interrupt();
                    }
                    return;
                }
            }
        }

        /** Reads the worker's events until its output ends; true in the outcome when it reported an end. */
        private Outcome follow(Process worker, Path log) {
            boolean finished = false;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                    StandardCharsets.UTF_8));
                 Writer logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                         StandardOpenOption.APPEND)) {
                String line;
                while ((line = out.readLine()) != null) {
                    var event = WorkerOutput.parse(line);
                    if (event.isEmpty()) {
                        logWriter.write(line);
                        logWriter.write('\n');
                        logWriter.flush();
                    } else if (!cancelled) {
                        finished |= dispatch(event.get());
                    }
                }
                worker.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                LOG.warnf("Run %s: reading the worker's output failed: %s", launch.runId(), e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (worker.isAlive()) {
                kill();
            }
            int exit = worker.isAlive() ? -1 : worker.exitValue();
            return new Outcome(finished, exit);
        }

        /** Hands one event to the listener; true when it ends the run. */
        private boolean dispatch(EventPayload payload) {
            if (payload instanceof TrainingProgress progress && launch.runId().equals(progress.runId())) {
                listener.onProgress(progress);
            } else if (payload instanceof TrainingCompleted completed && launch.runId().equals(completed.runId())) {
                listener.onCompleted(completed);
                return true;
            } else if (payload instanceof TrainingFailed failed && launch.runId().equals(failed.runId())) {
                // The worker itself decided (a bad spec, non-finite losses): restarting would fail the same way.
                listener.onFailed(failed);
                return true;
            } else {
                LOG.warnf("Run %s: ignoring a %s from the worker", launch.runId(), payload.getClass().getSimpleName());
            }
            return false;
        }

        void cancel() {
            cancelled = true;
            kill();
            Thread running = thread;
            if (running != null) {
                running.interrupt();
            }
        }

        void kill() {
            Process worker = process;
            if (worker != null && worker.isAlive()) {
                worker.descendants().forEach(ProcessHandle::destroyForcibly);
                worker.destroyForcibly();
            }
        }
    }

    private static String lastLogLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    String last = lines.get(i).strip();
                    return " (last log line: " + (last.length() > 300 ? last.substring(0, 300) + "…" : last) + ")";
                }
            }
        } catch (IOException | UncheckedIOException e) {
            // No log yet: the worker died before writing one.
        }
        return "";
    }

    private record Outcome(boolean finished, int exitCode) {
    }
}

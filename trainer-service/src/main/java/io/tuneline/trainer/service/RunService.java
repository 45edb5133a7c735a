package io.tuneline.trainer.service;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.trainer.config.TrainerConfig;
import io.tuneline.trainer.executor.RunExecutor;
import io.tuneline.trainer.executor.RunListener;
import io.tuneline.trainer.executor.WorkerLaunch;
import io.tuneline.trainer.executor.kubernetes.KubernetesExecutor;
import io.tuneline.trainer.executor.local.LocalExecutor;
import io.tuneline.contracts.api.MetricPoint;
import io.tuneline.contracts.api.RunState;
import io.tuneline.trainer.run.S3Uri;
import io.tuneline.trainer.run.RunUpdate;
import io.tuneline.contracts.api.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The runs: created from specs, handed to the configured executor, kept up to date from what the executor (or,
 * for Jobs, the worker's Kafka events) reports, persisted after every change, and streamed to watchers.
 */
@ApplicationScoped
public class RunService implements RunListener {

    public static final String ERROR_INVALID_SPEC = "invalid-spec";
    public static final String ERROR_RUN_NOT_FOUND = "run-not-found";
    public static final String ERROR_RUN_FINISHED = "run-finished";
    public static final String ERROR_CANCELLED = "cancelled";

    private static final Logger LOG = Logger.getLogger(RunService.class);
    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final RunStore store;
    private final BaseModelRegistry registry;
    private final StorageLayout layout;
    private final EventPublisher publisher;
    private final RunExecutor executor;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, TrainingRun> runs = new ConcurrentHashMap<>();
    private final List<Consumer<TrainingRun>> watchers = new CopyOnWriteArrayList<>();

    @Inject
    RunService(RunStore store, BaseModelRegistry registry, StorageLayout layout, EventPublisher publisher,
               TrainerConfig config, Instance<LocalExecutor> local, Instance<KubernetesExecutor> kubernetes) {
        this(store, registry, layout, publisher, switch (config.executor()) {
            case LocalExecutor.NAME -> local.get();
            case KubernetesExecutor.NAME -> kubernetes.get();
            default -> throw new IllegalStateException("tuneline.trainer.executor must be local or kubernetes, not '"
                    + config.executor() + "'");
        });
    }

    /** With the executor given rather than chosen by configuration (unit tests script one). */
    RunService(RunStore store, BaseModelRegistry registry, StorageLayout layout, EventPublisher publisher,
               RunExecutor executor) {
        this.store = store;
        this.registry = registry;
        this.layout = layout;
        this.publisher = publisher;
        this.executor = executor;
    }

    /** Loads the runs a previous instance left and continues the unfinished ones (resuming from checkpoints). */
    void onStart(@Observes StartupEvent started) {
        try {
            for (TrainingRun run : store.loadAll()) {
                runs.put(run.runId(), run);
                if (!run.state().isFinal() && run.executor().equals(executor.name())) {
                    LOG.infof("Run %s was %s when the service stopped; continuing it", run.runId(), run.state());
                    executor.submit(launchOf(run), this);
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Runs not loaded at startup (%s); the list starts empty", e.getMessage());
        }
    }

    /** Validates, resolves the base model, stores the run and hands it to the executor. */
    public TrainingRun create(RunSpec submitted, String trigger) {
        return create(submitted, trigger, newRunId());
    }

    /** As {@link #create(RunSpec, String)} with a given id; an existing run of that id is returned unchanged. */
    public synchronized TrainingRun create(RunSpec submitted, String trigger, String runId) {
        StorageLayout.id(runId);
        Optional<TrainingRun> existing = find(runId);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (submitted == null) {
            throw ApiException.badRequest(ERROR_INVALID_SPEC, "a run spec (JSON) is required");
        }
        List<RunSpec.FieldError> errors = submitted.validate();
        if (!errors.isEmpty()) {
            throw ApiException.badRequest(ERROR_INVALID_SPEC, "invalid run spec: " + errors.stream()
                    .map(RunSpec.FieldError::toString).reduce((a, b) -> a + "; " + b).orElse(""),
                    Map.of("fields", errors.stream().map(e -> Map.of("field", e.field(), "message", e.message()))
                            .toList()));
        }
        RunSpec spec = submitted.withDefaults();
        String baseModelPath = registry.resolve(spec.baseModel());
        TrainingRun run = TrainingRun.queued(runId, spec, baseModelPath, executor.name(), trigger, Instant.now(clock));
        store.saveSpec(runId, workerSpec(run));
        save(run);
        executor.submit(launchOf(run), this);
        return run;
    }

    public Optional<TrainingRun> find(String runId) {
        TrainingRun run = runs.get(runId);
        if (run != null) {
            return Optional.of(run);
        }
        Optional<TrainingRun> stored = store.find(runId);
        stored.ifPresent(found -> runs.put(runId, found));
        return stored;
    }

    public TrainingRun get(String runId) {
        try {
            StorageLayout.id(runId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(ERROR_RUN_NOT_FOUND, "no run '" + runId + "'");
        }
        return find(runId).orElseThrow(() -> ApiException.notFound(ERROR_RUN_NOT_FOUND, "no run '" + runId + "'"));
    }

    /** Newest first; {@code state} and {@code datasetId} filter when given. */
    public List<TrainingRun> list(RunState state, String datasetId) {
        return runs.values().stream()
                .filter(run -> state == null || run.state() == state)
                .filter(run -> datasetId == null || datasetId.equals(run.spec().datasetId()))
                .sorted(Comparator.comparing(TrainingRun::createdAt).reversed().thenComparing(TrainingRun::runId))
                .toList();
    }

    /** Stops the run's worker; a final run is a 409. Publishes {@code TrainingFailed} with code cancelled. */
    public TrainingRun cancel(String runId) {
        TrainingRun run = get(runId);
        if (run.state().isFinal()) {
            throw ApiException.conflict(ERROR_RUN_FINISHED, "run " + runId + " already ended: " + run.state(),
                    Map.of("state", run.state().name()));
        }
        TrainingRun cancelled = update(runId, current -> current.state().isFinal() ? current
                : current.withState(RunState.CANCELLED, ERROR_CANCELLED, "cancelled on request", now()));
        executor.cancel(runId);
        publisher.publish(new TrainingFailed(runId, ERROR_CANCELLED, "cancelled on request",
                ref(cancelled.lastCheckpoint())));
        return cancelled;
    }

    /** Live updates of one run: its current state first, then every change, completing when it ends. */
    public Multi<RunUpdate> updates(String runId) {
        TrainingRun initial = get(runId);
        return Multi.createFrom().emitter(emitter -> {
            Consumer<TrainingRun> watcher = run -> {
                if (run.runId().equals(runId)) {
                    emitter.emit(RunUpdate.of(run));
                    if (run.state().isFinal()) {
                        emitter.complete();
                    }
                }
            };
            watchers.add(watcher);
            emitter.onTermination(() -> watchers.remove(watcher));
            TrainingRun current = runs.getOrDefault(runId, initial);
            emitter.emit(RunUpdate.of(current));
            if (current.state().isFinal()) {
                emitter.complete();
            }
        });
    }

    // --- RunListener: what the executor reports -------------------------------------------------------------------

    @Override
    public void onState(String runId, RunState state, String errorCode, String reason, boolean attemptStarted) {
        update(runId, run -> {
            if (run.state().isFinal()) {
                return run;
            }
            TrainingRun next = run.withState(state, errorCode, reason, now());
            return attemptStarted ? next.withAttempt(now()) : next;
        });
    }

    @Override
    public void onProgress(TrainingProgress progress) {
        applyProgress(progress, executor.servicePublishesEvents());
    }

    @Override
    public void onCompleted(TrainingCompleted completed) {
        applyCompleted(completed, executor.servicePublishesEvents());
    }

    /**
     * Published by the service for a child JVM (the service publishes every event), and for a Job that failed in a
     * way its worker could not report (never scheduled, image not pulled, OOM-killed, past its deadline): then the
     * service is the only one who can. A Job's worker that did report its failure wrote its outcome first and
     * published its own {@code TrainingFailed}; when the Job's failure is seen before that event is consumed, the
     * run is closed without a second {@code TrainingFailed}.
     */
    @Override
    public void onFailed(TrainingFailed failed) {
        applyFailed(failed, executor.servicePublishesEvents() || !workerReportedOutcome(failed.runId()));
    }

    /** A worker event from Kafka: applied only to runs whose worker publishes itself (Jobs), never twice. */
    public void onWorkerEvent(Object payload) {
        String runId = payload instanceof TrainingProgress p ? p.runId() : payload instanceof TrainingCompleted c
                ? c.runId() : payload instanceof TrainingFailed f ? f.runId() : null;
        TrainingRun run = runId == null ? null : find(runId).orElse(null);
        if (run == null || !run.executor().equals(executor.name()) || executor.servicePublishesEvents()) {
            return;
        }
        if (payload instanceof TrainingProgress p) {
            applyProgress(p, false);
        } else if (payload instanceof TrainingCompleted c) {
            applyCompleted(c, false);
        } else if (payload instanceof TrainingFailed f && !ERROR_CANCELLED.equals(f.errorCode())) {
            applyFailed(f, false);
        }
    }

    private void applyProgress(TrainingProgress progress, boolean publish) {
        TrainingRun run = update(progress.runId(), current -> current.state().isFinal() ? current
                : current.withState(RunState.RUNNING, null, null, now()).withMetric(MetricPoint.of(progress, now()),
                now()));
        if (publish && !run.state().isFinal()) {
            publisher.publish(progress);
        }
    }

    private void applyCompleted(TrainingCompleted reported, boolean publish) {
        TrainingRun before = find(reported.runId()).orElse(null);
        if (before == null) {
            return;
        }
        if (before.state().isFinal()) {
            fillInLateResults(before, reported);
            return;
        }
        TrainingCompleted completed = complete(reported, before);
        update(reported.runId(), current -> current
                .withResult(str(completed.lastCheckpoint()), str(completed.checkpoint()), completed.metrics(), now())
                .withState(RunState.SUCCEEDED, null, null, now()));
        if (publish) {
            publisher.publish(completed);
        }
    }

    /**
     * A Job's {@code Complete} condition can be seen before its worker's {@code TrainingCompleted} is consumed from
     * Kafka: the executor then closes the run without checkpoints or metrics, and the worker's event, arriving
     * later, brings them. Nothing is published (the worker did) and nothing else of the finished run changes.
     */
    private void fillInLateResults(TrainingRun run, TrainingCompleted reported) {
        ObjectRef best = reported.checkpoint() != null ? reported.checkpoint() : reported.lastCheckpoint();
        if (run.state() != RunState.SUCCEEDED || run.bestCheckpoint() != null || best == null) {
            return;
        }
        update(run.runId(), current -> current.bestCheckpoint() != null ? current
                : current.withResult(str(reported.lastCheckpoint()), str(best), reported.metrics(), now()));
    }

    private void applyFailed(TrainingFailed failed, boolean publish) {
        TrainingRun before = find(failed.runId()).orElse(null);
        if (before == null || before.state().isFinal()) {
            return;
        }
        update(failed.runId(), current -> current
                .withResult(failed.lastCheckpoint() == null ? current.lastCheckpoint() : str(failed.lastCheckpoint()),
                        current.bestCheckpoint(), current.finalMetrics(), now())
                .withState(RunState.FAILED, failed.errorCode(), failed.reason(), now()));
        if (publish) {
            publisher.publish(failed);
        }
    }

    // --- internals ------------------------------------------------------------------------------------------------

    /** When storage cannot tell, the service publishes: two TrainingFailed are better than none. */
    private boolean workerReportedOutcome(String runId) {
        try {
            return store.hasWorkerOutcome(runId);
        } catch (RuntimeException e) {
            LOG.warnf("Run %s: cannot tell whether its worker reported its outcome (%s)", runId, e.getMessage());
            return false;
        }
    }

    /** The worker's completion with what the service knows filled in where the worker left fields empty. */
    private TrainingCompleted complete(TrainingCompleted c, TrainingRun run) {
        RunSpec spec = run.spec();
        Map<String, ObjectRef> prompts = new LinkedHashMap<>();
        if (c.prompts() != null) {
            prompts.putAll(c.prompts());
        }
        Map<String, String> splits = new LinkedHashMap<>();
        splits.put("train", spec.train());
        splits.put("validation", spec.validation());
        splits.put("test", spec.test());
        splits.forEach((split, location) -> S3Uri.parse(location).ifPresent(ref -> prompts.putIfAbsent(split, ref)));
        // baseModel: the name the spec gave (a registered name), which the worker never sees; baseModelRef: its folder.
        return new TrainingCompleted(c.runId(), or(c.modelName(), spec.modelName()), or(spec.baseModel(),
                c.baseModel()), c.baseModelRef() != null ? c.baseModelRef()
                : S3Uri.parse(run.baseModelPath()).orElse(null), or(c.method(), spec.method()),
                or(c.datasetId(), spec.datasetId()), or(c.versionId(), spec.versionId()),
                or(c.renderId(), spec.renderId()), c.checkpoint() != null ? c.checkpoint() : c.lastCheckpoint(),
                c.lastCheckpoint(), c.steps(), c.finalLoss(), prompts, c.metrics());
    }

    private TrainingRun update(String runId, UnaryOperator<TrainingRun> change) {
        TrainingRun updated;
        synchronized (this) {
            TrainingRun current = find(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
            updated = change.apply(current);
            if (updated != current) {
                save(updated);
            }
        }
        return updated;
    }

    private void save(TrainingRun run) {
        store.save(run);
        runs.put(run.runId(), run);
        watchers.forEach(watcher -> watcher.accept(run));
    }

    private WorkerLaunch launchOf(TrainingRun run) {
        return new WorkerLaunch(run.runId(), workerSpec(run),
                new ObjectRef(layout.checkpoints(), layout.runPrefix(run.runId())));
    }

    /** The spec a worker reads: the base model already a folder, never a registered name. */
    private static RunSpec workerSpec(TrainingRun run) {
        RunSpec s = run.spec();
        return new RunSpec(s.modelName(), run.baseModelPath(), s.train(), s.validation(), s.test(), s.method(),
                s.lora(), s.epochs(), s.maxSteps(), s.learningRate(), s.warmupSteps(), s.weightDecay(),
                s.batchSize(), s.gradientAccumulation(), s.maxSourceTokens(), s.maxTargetTokens(), s.seed(),
                s.evalEvery(), s.earlyStoppingPatience(), s.checkpointEvery(), s.keepBest(), s.optimizer(),
                s.precision(), s.maxNonFiniteSteps(), s.datasetId(), s.versionId(), s.renderId(), s.mixWith(),
                s.mixFraction(), s.validationMixWith(), s.validationMixTolerance());
    }

    private String newRunId() {
        return "run-" + RUN_ID_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Instant now() {
        return Instant.now(clock);
    }

    private static ObjectRef ref(String location) {
        return S3Uri.parse(location).orElse(null);
    }

    private static String str(ObjectRef ref) {
        return ref == null ? null : ref.toString();
    }

    private static String or(String value, String fallback) {
        return value == null ? fallback : value;
    }
}

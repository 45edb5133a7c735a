package io.tuneline.eval.service;

import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.EvaluationCompleted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.config.EvalConfig;
import io.tuneline.eval.evaluation.Comparison;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.evaluation.GateDecision;
import io.tuneline.eval.evaluation.GatePolicy;
import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.evaluation.PromotionGate;
import io.tuneline.eval.evaluation.TrainingSummary;
import io.tuneline.evaluation.EvaluationPlan;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.Evaluator;
import io.tuneline.evaluation.ModelUnderTest;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.evaluation.TestExample;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.Bootstrap;
import io.tuneline.storage.ContentTypes;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BooleanSupplier;

/**
 * Runs evaluations: for every {@code TrainingCompleted} (once per run, however often it is delivered) and on
 * request. Models are downloaded to the local cache, generate on the test split and the forgetting suite, are
 * scored by the evaluation module, and everything lands in the evaluations bucket; for a run, the gate's decision
 * is carried out and the events are published.
 */
@ApplicationScoped
public class EvaluationService {

    public static final String TEST_SPLIT = "test";
    public static final String TRAIN_SPLIT = "train";
    /** Stored without a charset parameter: S3-compatible servers differ in how they sign one (it is UTF-8). */
    public static final String REPORT_CONTENT_TYPE = "text/html";
    public static final String CHART_CONTENT_TYPE = "image/svg+xml";

    private static final Logger LOG = Logger.getLogger(EvaluationService.class);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * What to evaluate on request.
     *
     * @param modelName the name a later manual promotion is for (optional)
     * @param baseModel {@code s3://bucket/folder/} of the model to compare with
     * @param candidate {@code s3://bucket/folder/} of a fine-tuned model (optional: the base alone is scored)
     * @param testSet   {@code s3://bucket/key.jsonl} of prompts; or {@code prompts} for a render's test split
     * @param trainSet  prompts the base model's few-shot baselines draw from (needed when {@code baseShots} > 0)
     */
    public record EvaluationRequest(String modelName, String baseModel, String candidate, String testSet,
                                    RenderedSplit prompts, String trainSet, List<Integer> baseShots,
                                    Integer maxNewTokens, Integer numBeams, Integer batchSize) {
    }

    /** A rendered dataset version (template-service's output); its {@code test} split is the test set. */
    public record RenderedSplit(String datasetId, String versionId, String renderId) {
    }

    private final EvaluationRepository repository;
    private final ModelCache cache;
    private final GeneratorFactory generators;
    private final TestSets testSets;
    private final PromotionService promotions;
    private final EventPublisher publisher;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final EvalConfig config;
    private final ManagedExecutor executor;
    private final EvaluationLeases leases;
    private final ConcurrentMap<String, String> progress = new ConcurrentHashMap<>();

    EvaluationService(EvaluationRepository repository, ModelCache cache, GeneratorFactory generators,
                      TestSets testSets, PromotionService promotions, EventPublisher publisher, ObjectStore store,
                      StorageLayout layout, EvalConfig config, ManagedExecutor executor, EvaluationLeases leases) {
        this.repository = repository;
        this.cache = cache;
        this.generators = generators;
        this.testSets = testSets;
        this.promotions = promotions;
        this.publisher = publisher;
        this.store = store;
        this.layout = layout;
        this.config = config;
        this.executor = executor;
        this.leases = leases;
    }

    /** The evaluation of a run has a fixed id, so a redelivered event finds it. */
    public static String evaluationIdForRun(String runId) {
        return StorageLayout.id("run-" + runId);
    }

    /**
     * Evaluates a finished run against the promoted model of its name (or its base model), then promotes or
     * rejects it. Does nothing if the run's evaluation already completed. One instance at a time evaluates a run:
     * a delivery that finds another instance holding the run's lease waits until that evaluation is decided (then
     * does nothing) or the lease expires (then takes it over).
     *
     * @throws RejectedEventException when the event lacks what an evaluation needs or the evaluation fails
     */
    public void onTrainingCompleted(TrainingCompleted run) {
        requireEvaluable(run);
        String evaluationId = evaluationIdForRun(run.runId());
        while (!decided(evaluationId, true)) {
            Optional<EvaluationLeases.Held> lease = leases.acquire(evaluationId, () -> decided(evaluationId, false));
            if (lease.isEmpty()) {
                LOG.infof("Run %s was evaluated and decided by another instance (%s); not again", run.runId(),
                        evaluationId);
                return;
            }
            try (EvaluationLeases.Held held = lease.get()) {
                evaluateHolding(run, evaluationId, held);
                return;
            } catch (LeaseLostException e) {
                LOG.warnf("Run %s: %s; looking at the run again", run.runId(), e.getMessage());
            }
        }
    }

    private boolean decided(String evaluationId, boolean log) {
        Optional<Evaluation> existing = repository.find(evaluationId);
        boolean decided = existing.isPresent() && existing.get().status() == EvaluationStatus.COMPLETED
                && existing.get().decisionReason() != null;
        if (decided && log) {
            LOG.infof("Run %s was evaluated already (%s, %s); not again", existing.get().runId(), evaluationId,
                    existing.get().decision());
        }
        return decided;
    }

    /** Evaluates (or only announces) the run while this instance holds its lease. */
    private void evaluateHolding(TrainingCompleted run, String evaluationId, EvaluationLeases.Held lease) {
        Optional<Evaluation> existing = repository.find(evaluationId);
        if (existing.isPresent() && existing.get().status() == EvaluationStatus.COMPLETED) {
            if (existing.get().decisionReason() == null) {
                // Scored and stored, but the delivery that scored it failed to announce it (the broker did not
                // acknowledge EvaluationCompleted or the decision): announce it now, without generating again.
                LOG.infof("Run %s was evaluated (%s) but not announced; announcing it", run.runId(), evaluationId);
                requireHeld(lease, evaluationId);
                announce(existing.get());
            }
            return;
        }
        List<EvaluatedModel> models = new ArrayList<>();
        models.add(new EvaluatedModel(EvaluatedModel.BASE, run.baseModelRef(), null));
        Optional<PromotedModel> promoted = repository.promoted(run.modelName())
                .filter(current -> !current.checkpoint().equals(run.checkpoint()));
        promoted.ifPresent(current -> models.add(new EvaluatedModel(EvaluatedModel.PROMOTED, current.checkpoint(),
                current.runId())));
        models.add(new EvaluatedModel(EvaluatedModel.CANDIDATE, run.checkpoint(), run.runId()));
        List<Integer> shots = config.baseShots();
        Evaluation evaluation = Evaluation.running(evaluationId, Evaluation.TRIGGER_TRAINING, run.runId(),
                run.modelName(), run.method(), models,
                promoted.isPresent() ? EvaluatedModel.PROMOTED : EvaluatedModel.BASE, run.prompts().get(TEST_SPLIT),
                defaultSettings(), shots, config.gate().targetMetric(), Instant.now())
                .withTraining(new TrainingSummary(run.baseModel(), run.steps(), run.metrics()));

        Evaluation done = execute(evaluation, fewShotPool(shots, run.prompts().get(TRAIN_SPLIT)), lease::held);
        if (done.status() != EvaluationStatus.COMPLETED) {
            throw new RejectedEventException("evaluation-failed", "evaluation " + evaluationId + " of run "
                    + run.runId() + " failed: " + done.error());
        }
        requireHeld(lease, evaluationId);
        repository.save(done); // before the event: a consumer that reads the evaluation on it finds the scores
        announce(done);
    }

    private static void requireHeld(EvaluationLeases.Held lease, String evaluationId) {
        if (!lease.held()) {
            throw new LeaseLostException(evaluationId);
        }
    }

    /**
     * This instance no longer holds the run's lease (it paused past the expiry and another may have taken over):
     * it stores and publishes nothing more for the run.
     */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException(String evaluationId) {
            super("the lease of evaluation " + evaluationId + " was lost before its results were stored");
        }
    }

    /**
     * Publishes {@code EvaluationCompleted} and carries out the gate's decision. Until the decided evaluation is
     * saved its {@code decisionReason} is null (every decision gives one), which tells a redelivery to announce
     * it again rather than skip it.
     */
    private void announce(Evaluation scored) {
        publisher.publish(completedEvent(scored));
        repository.save(promotions.applyGate(scored));
    }

    /** Checks the request, records the evaluation as RUNNING and runs it in the background. */
    public Evaluation request(EvaluationRequest request) {
        if (request == null) {
            throw ApiException.badRequest("missing-body", "the request needs a body");
        }
        if (request.modelName() != null) {
            StorageLayout.id(request.modelName());
        }
        List<EvaluatedModel> models = new ArrayList<>();
        models.add(new EvaluatedModel(EvaluatedModel.BASE, existingFolder("baseModel", request.baseModel()), null));
        if (request.candidate() != null) {
            models.add(new EvaluatedModel(EvaluatedModel.CANDIDATE, existingFolder("candidate", request.candidate()),
                    null));
        }
        ObjectRef testSet = testSet(request);
        List<Integer> shots = request.baseShots() == null || request.baseShots().isEmpty() ? config.baseShots()
                : request.baseShots();
        Optional<ObjectRef> pool = fewShotPool(shots, request.trainSet() == null ? null
                : existingFile("trainSet", S3Locations.parse(request.trainSet())));
        if (shots.stream().anyMatch(k -> k > 0) && pool.isEmpty()) {
            throw ApiException.badRequest("train-set-required", "few-shot baselines " + shots
                    + " draw their examples from a training set: give trainSet");
        }
        GenerationSettings defaults = defaultSettings();
        GenerationSettings settings = new GenerationSettings(
                request.maxNewTokens() == null ? defaults.maxNewTokens() : request.maxNewTokens(),
                request.numBeams() == null ? defaults.numBeams() : request.numBeams(),
                request.batchSize() == null ? defaults.batchSize() : request.batchSize());
        String evaluationId = "ev-" + ID_TIME.format(Instant.now()) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        Evaluation evaluation = Evaluation.running(evaluationId, Evaluation.TRIGGER_REQUEST, null,
                request.modelName(), null, models, EvaluatedModel.BASE, testSet, settings, shots,
                config.gate().targetMetric(), Instant.now());
        repository.save(evaluation);
        executor.runAsync(() -> {
            Evaluation done = execute(evaluation, pool, () -> true); // a fresh id: no other instance has it
            if (done.status() == EvaluationStatus.COMPLETED) {
                repository.save(done.decided(done.decision(), "requested evaluations are decided by a person"));
            }
        });
        return evaluation;
    }

    /** A stored evaluation, with its live progress while it runs. */
    public Optional<Evaluation> find(String evaluationId) {
        return repository.find(StorageLayout.id(evaluationId)).map(this::withProgress);
    }

    public List<Evaluation> list(String modelName) {
        return repository.list().stream()
                .filter(evaluation -> modelName == null || modelName.equals(evaluation.modelName()))
                .map(this::withProgress)
                .toList();
    }

    public Optional<byte[]> file(String evaluationId, String fileName) {
        return repository.file(StorageLayout.id(evaluationId), fileName);
    }

    private Evaluation withProgress(Evaluation evaluation) {
        String now = progress.get(evaluation.evaluationId());
        return now == null || evaluation.status() != EvaluationStatus.RUNNING ? evaluation
                : evaluation.withProgress(now);
    }

    /**
     * Generates, scores and stores; returns the evaluation COMPLETED (the caller decides and saves the summary) or
     * FAILED (saved here, with the reason). Stores nothing after generating unless {@code stillHeld} says this
     * instance still holds the evaluation ({@link LeaseLostException}).
     */
    Evaluation execute(Evaluation evaluation, Optional<ObjectRef> fewShotPool, BooleanSupplier stillHeld) {
        String id = evaluation.evaluationId();
        try {
            repository.save(evaluation);
            List<TestExample> test = testSets.read(evaluation.testSet());
            if (test.isEmpty()) {
                throw new IllegalArgumentException("the test set " + evaluation.testSet() + " has no examples");
            }
            Bootstrap bootstrap = new Bootstrap(config.bootstrap().samples(), config.bootstrap().confidence(),
                    config.bootstrap().seed());
            ObjectRef base = evaluation.model(EvaluatedModel.BASE).orElseThrow().location();
            List<ModelUnderTest> models = evaluation.models().stream()
                    .map(model -> new ModelUnderTest(model.role(), cache.checkpoint(model.location(), base)))
                    .toList();
            EvaluationPlan plan = EvaluationPlan.of(models, test)
                    .withHeldOutTasks(testSets.forgettingSuite())
                    .withMaxInputTokens(config.maxInputTokens())
                    .withScoring(Metric.fromKey(evaluation.targetMetric()), config.useStemmer(), bootstrap)
                    .withSettings(reportSettings(evaluation));
            if (fewShotPool.isPresent()) {
                plan = plan.withInContextBaselines(testSets.read(fewShotPool.get()), evaluation.baseShots());
            }
            LOG.infof("Evaluating %s: %d test examples, %d held-out tasks, models %s", id, test.size(),
                    plan.heldOutTasks().size(), evaluation.models());
            EvaluationResult result = new Evaluator(generators.loader(evaluation.generation())).evaluate(plan,
                    (phase, done, total) -> report(id, phase, done, total));

            List<Comparison> comparisons = List.of();
            GateDecision gate = null;
            if (evaluation.model(EvaluatedModel.CANDIDATE).isPresent()) {
                comparisons = Comparisons.onTestSplit(result, evaluation.reference(), EvaluatedModel.CANDIDATE,
                        bootstrap);
                gate = new PromotionGate(policy()).decide(comparisons,
                        Comparisons.heldOut(result.forgetting(), EvaluatedModel.CANDIDATE),
                        EvaluatedModel.PROMOTED.equals(evaluation.reference()) ? "the promoted model"
                                : "the base model");
            }
            if (!stillHeld.getAsBoolean()) {
                throw new LeaseLostException(id);
            }
            ReportFiles files = ReportFiles.of(result);
            repository.putFile(id, EvaluationRepository.PREDICTIONS, utf8(files.predictionsJsonl()),
                    ContentTypes.JSON_LINES);
            repository.putFile(id, EvaluationRepository.CHART, utf8(files.chartSvg()), CHART_CONTENT_TYPE);
            repository.putFile(id, EvaluationRepository.REPORT, utf8(files.html()), REPORT_CONTENT_TYPE);
            LOG.infof("Evaluated %s%s", id, gate == null ? "" : ": gate " + (gate.promote() ? "passed" : "failed")
                    + " — " + gate.summary());
            return evaluation.completed(test.size(), result.systems(), result.forgetting(), comparisons, gate,
                    Instant.now());
        } catch (LeaseLostException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!stillHeld.getAsBoolean()) { // its FAILED must not replace what the new holder stores
                throw new LeaseLostException(id);
            }
            LOG.errorf(e, "Evaluation %s failed", id);
            Evaluation failed = evaluation.failed(describe(e), Instant.now());
            repository.save(failed);
            return failed;
        } finally {
            progress.remove(id);
            evictCandidate(evaluation);
        }
    }

    /** A run's checkpoint is evaluated once; its disk is freed (never the base's, should a spec name it twice). */
    private void evictCandidate(Evaluation evaluation) {
        Optional<ObjectRef> base = evaluation.model(EvaluatedModel.BASE).map(EvaluatedModel::location);
        evaluation.model(EvaluatedModel.CANDIDATE).map(EvaluatedModel::location)
                .filter(candidate -> base.map(b -> !b.equals(candidate)).orElse(true))
                .ifPresent(cache::evict);
    }

    private GatePolicy policy() {
        return new GatePolicy(Metric.fromKey(config.gate().targetMetric()), config.gate().margin(),
                config.gate().forgettingTolerance(), config.gate().suiteTolerance());
    }

    private GenerationSettings defaultSettings() {
        return new GenerationSettings(config.generation().maxNewTokens(), config.generation().numBeams(),
                config.generation().batchSize());
    }

    private void report(String evaluationId, String phase, int done, int total) {
        String text = phase + " " + done + "/" + total;
        progress.put(evaluationId, text);
        if (done == 0 || done == total) {
            LOG.infof("Evaluation %s: %s", evaluationId, text);
        }
    }

    private EvaluationCompleted completedEvent(Evaluation evaluation) {
        Map<String, Double> forgetting = new LinkedHashMap<>();
        evaluation.forgetting().stream()
                .filter(task -> task.model().equals(EvaluatedModel.CANDIDATE))
                .forEach(task -> forgetting.put(task.task(), task.change().estimate()));
        return new EvaluationCompleted(evaluation.evaluationId(), evaluation.runId(),
                evaluation.model(EvaluatedModel.CANDIDATE).map(EvaluatedModel::location).orElse(null),
                means(evaluation, EvaluatedModel.BASE), means(evaluation, EvaluatedModel.CANDIDATE), forgetting,
                evaluation.gate() != null && evaluation.gate().promote(),
                layout.evaluationFile(evaluation.evaluationId(), EvaluationRepository.REPORT));
    }

    private static Map<String, Double> means(Evaluation evaluation, String system) {
        return evaluation.systems().stream().filter(s -> s.name().equals(system)).findFirst()
                .map(SystemResult::means).orElse(Map.of());
    }

    private Map<String, String> reportSettings(Evaluation evaluation) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("evaluation", evaluation.evaluationId());
        if (evaluation.runId() != null) {
            settings.put("run", evaluation.runId());
        }
        evaluation.models().forEach(model -> settings.put(model.role(), model.location().toString()));
        settings.put("test set", evaluation.testSet().toString());
        settings.put("max new tokens", String.valueOf(evaluation.generation().maxNewTokens()));
        settings.put("beams", String.valueOf(evaluation.generation().numBeams()));
        settings.put("ROUGE stemming", String.valueOf(config.useStemmer()));
        return settings;
    }

    private void requireEvaluable(TrainingCompleted run) {
        List<String> missing = new ArrayList<>();
        if (run.modelName() == null) {
            missing.add("modelName");
        }
        if (run.baseModelRef() == null) {
            missing.add("baseModelRef");
        }
        if (run.checkpoint() == null) {
            missing.add("checkpoint");
        }
        if (run.prompts() == null || run.prompts().get(TEST_SPLIT) == null) {
            missing.add("prompts.test");
        }
        if (!missing.isEmpty()) {
            throw new RejectedEventException("not-evaluable", "run " + run.runId() + " cannot be evaluated without "
                    + String.join(", ", missing));
        }
    }

    private Optional<ObjectRef> fewShotPool(List<Integer> shots, ObjectRef trainSplit) {
        return shots.stream().anyMatch(k -> k > 0) ? Optional.ofNullable(trainSplit) : Optional.empty();
    }

    private ObjectRef testSet(EvaluationRequest request) {
        if ((request.testSet() == null) == (request.prompts() == null)) {
            throw ApiException.badRequest("test-set-required", "give either testSet (s3://bucket/key.jsonl) or"
                    + " prompts {datasetId, versionId, renderId}, not both");
        }
        if (request.testSet() != null) {
            return existingFile("testSet", S3Locations.parse(request.testSet()));
        }
        RenderedSplit split = request.prompts();
        return existingFile("prompts", layout.promptsSplit(split.datasetId(), split.versionId(), split.renderId(),
                TEST_SPLIT));
    }

    private ObjectRef existingFile(String field, ObjectRef file) {
        if (!store.exists(file.bucket(), file.key())) {
            throw ApiException.badRequest("not-found-in-storage", field + ": there is no " + file,
                    Map.of("field", field, "location", file.toString()));
        }
        return file;
    }

    private ObjectRef existingFolder(String field, String location) {
        if (location == null) {
            throw ApiException.badRequest("model-required", "give " + field + " as s3://bucket/folder/",
                    Map.of("field", field));
        }
        ObjectRef parsed = S3Locations.parse(location);
        ObjectRef folder = new ObjectRef(parsed.bucket(), parsed.key().endsWith("/") ? parsed.key()
                : parsed.key() + "/");
        if (store.list(folder.bucket(), folder.key()).isEmpty()) {
            throw ApiException.badRequest("not-found-in-storage", field + ": there is no model folder " + folder,
                    Map.of("field", field, "location", folder.toString()));
        }
        return folder;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof IllegalArgumentException) { // bad input (InvalidPromptFileException names the line)
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

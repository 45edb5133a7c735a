package io.tuneline.eval.service;

import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.AuditRecorded;
import io.tuneline.contracts.events.EvaluationCompleted;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.evaluation.Comparison;
import io.tuneline.eval.evaluation.Decision;
import io.tuneline.eval.evaluation.EvaluatedModel;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.service.EvaluationService.EvaluationRequest;
import io.tuneline.eval.testing.Background;
import io.tuneline.eval.testing.Fixtures;
import io.tuneline.common.testing.RecordingPublisher;
import io.tuneline.eval.testing.ScriptedGenerator;
import io.tuneline.eval.testing.ScriptedModels;
import io.tuneline.eval.testing.TestEvalConfig;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.evaluation.SystemResult;
import io.tuneline.storage.ObjectStore;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Runs evaluations without weights: scripted models ({@link ScriptedModels}: a folder's {@code answers.json}) travel
 * through a real S3 and the model cache, are scored by the real ROUGE and exact match, and what is published is
 * recorded. What is scored against what, what is stored and announced, and that a failure is a FAILED evaluation
 * with its reason and no event.
 */
class EvaluationServiceTest {

    private static final String SENTIMENT_KEY = "_forgetting/sentiment.jsonl";

    private final ObjectStore store = SharedObjectStore.store();
    private final StorageLayout layout = SharedObjectStore.freshLayout();
    private final EvaluationRepository repository = new EvaluationRepository(store, layout);
    private final RecordingPublisher events = new RecordingPublisher("eval-service");
    private final ScriptedModels scripted = new ScriptedModels();
    /** Folders whose model fails while generating (a generator's failure, not a bad file). */
    private final List<String> failingModels = new CopyOnWriteArrayList<>();
    /** What {@link EvaluationService#find} said while the candidate generated. */
    private final List<Optional<Evaluation>> seenWhileGenerating = new CopyOnWriteArrayList<>();
    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    /** When set, runs as a candidate starts generating (a test holds an evaluation in the middle here). */
    private volatile Runnable whileCandidateGenerates;
    private final List<EvaluationLeases> instances = new CopyOnWriteArrayList<>();
    private ManagedExecutor executor;

    @TempDir
    Path cacheDir;

    private TestEvalConfig config;
    private EvaluationService service;

    @BeforeEach
    void service() {
        scripted.enable();
        Fixtures.uploadSentimentTask(store, new ObjectRef(layout.prompts(), SENTIMENT_KEY));
        config = TestEvalConfig.defaults(cacheDir).withForgettingSuite(new TestEvalConfig.Task("sentiment",
                "s3://" + layout.prompts() + "/" + SENTIMENT_KEY, "exactMatch", Optional.empty()));
        executor = ManagedExecutor.builder().maxAsync(1).build();
        service = service(config, leases("instance-a"));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        instances.forEach(EvaluationLeases::close);
    }

    @Test
    void aBetterRunIsScoredAgainstItsBaseStoredAnnouncedAndPromoted() {
        TrainingCompleted run = run("better", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);

        service.onTrainingCompleted(run);

        String id = EvaluationService.evaluationIdForRun(run.runId());
        Evaluation evaluation = repository.find(id).orElseThrow();
        assertThat(evaluation.status()).isEqualTo(EvaluationStatus.COMPLETED);
        assertThat(evaluation.reference()).isEqualTo(EvaluatedModel.BASE);
        assertThat(evaluation.testExamples()).isEqualTo(Fixtures.chats().size());
        assertThat(evaluation.testSet()).isEqualTo(run.prompts().get("test"));
        assertThat(evaluation.training().steps()).isEqualTo(run.steps());
        // the base and the candidate, each on every test example and every held-out example
        int prompts = Fixtures.chats().size() + Fixtures.sentiment().size();
        assertThat(scripted.promptsAnswered(run.baseModelRef().key())).isEqualTo(prompts);
        assertThat(scripted.promptsAnswered(run.checkpoint().key())).isEqualTo(prompts);
        SystemResult candidate = system(evaluation, EvaluatedModel.CANDIDATE);
        SystemResult base = system(evaluation, EvaluatedModel.BASE);
        assertThat(candidate.metrics().get("rougeL").estimate()).isEqualTo(1.0);
        assertThat(candidate.metrics().get("exactMatch").estimate()).isEqualTo(1.0);
        assertThat(base.metrics().get("rougeL").estimate()).isZero();
        Comparison rougeL = evaluation.comparisons().stream().filter(c -> c.metric().equals("rougeL")).findFirst()
                .orElseThrow();
        assertThat(rougeL.difference().estimate()).isCloseTo(1.0, within(1e-12));
        assertThat(evaluation.forgetting()).singleElement().satisfies(task -> {
            assertThat(task.task()).isEqualTo("sentiment");
            assertThat(task.before().estimate()).isEqualTo(1.0);
            assertThat(task.after().estimate()).isEqualTo(1.0);
        });
        assertThat(evaluation.gate().promote()).isTrue();
        assertThat(evaluation.decision()).isEqualTo(Decision.PROMOTED);
        assertThat(evaluation.progress()).isNull();
        // the run's checkpoint is evaluated once: its disk is freed; the base stays for the next run of its name
        assertThat(cacheDir.resolve(run.checkpoint().bucket()).resolve(run.checkpoint().key())).doesNotExist();
        assertThat(cacheDir.resolve(run.baseModelRef().bucket()).resolve(run.baseModelRef().key())).isDirectory();

        assertThat(events.payloads(EvaluationCompleted.class)).singleElement().satisfies(completed -> {
            assertThat(completed.evaluationId()).isEqualTo(id);
            assertThat(completed.runId()).isEqualTo(run.runId());
            assertThat(completed.candidate()).isEqualTo(run.checkpoint());
            assertThat(completed.baseScores()).isEqualTo(base.means());
            assertThat(completed.candidateScores()).isEqualTo(candidate.means());
            assertThat(completed.forgetting()).containsExactly(Map.entry("sentiment", 0.0));
            assertThat(completed.gatePassed()).isTrue();
            assertThat(completed.report()).isEqualTo(layout.evaluationFile(id, EvaluationRepository.REPORT));
        });
        assertThat(events.payloads(ModelPromoted.class)).singleElement()
                .isEqualTo(new ModelPromoted(run.modelName(), run.runId(), id, run.checkpoint(), null));
        assertThat(events.payloads(ModelRejected.class)).isEmpty();
        assertThat(decisionOrder()).containsExactly("EvaluationCompleted", "ModelPromoted");
        assertThat(repository.promoted(run.modelName())).hasValueSatisfying(promoted -> {
            assertThat(promoted.checkpoint()).isEqualTo(run.checkpoint());
            assertThat(promoted.decidedBy()).isEqualTo(PromotedModel.BY_GATE);
        });
        assertThat(events.payloads(AuditRecorded.class)).singleElement()
                .satisfies(audit -> assertThat(audit.action()).isEqualTo("promote " + run.modelName()));
        assertThat(text(id, EvaluationRepository.PREDICTIONS).lines()).hasSize(Fixtures.chats().size());
        assertThat(text(id, EvaluationRepository.REPORT)).contains("<svg");
        assertThat(text(id, EvaluationRepository.CHART)).startsWith("<?xml");
    }

    @Test
    void aRedeliveredRunWhoseEvaluationCompletedIsNotEvaluatedOrAnnouncedAgain() {
        TrainingCompleted run = run("twice", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        service.onTrainingCompleted(run);
        Evaluation first = repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow();

        service.onTrainingCompleted(run);

        assertThat(scripted.promptsAnswered(run.checkpoint().key()))
                .isEqualTo(Fixtures.chats().size() + Fixtures.sentiment().size());
        assertThat(events.payloads(EvaluationCompleted.class)).hasSize(1);
        assertThat(events.payloads(ModelPromoted.class)).hasSize(1);
        assertThat(repository.find(first.evaluationId())).contains(first);
    }

    @Test
    void anEvaluationLeftRunningOrFailedByAnEarlierDeliveryIsEvaluatedAgain() {
        TrainingCompleted run = run("again", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        String id = EvaluationService.evaluationIdForRun(run.runId());
        Evaluation crashed = Evaluation.running(id, Evaluation.TRIGGER_TRAINING, run.runId(), run.modelName(),
                "full", List.of(), EvaluatedModel.BASE, run.prompts().get("test"), null, List.of(0), "rougeL",
                Instant.now());
        repository.save(crashed);

        service.onTrainingCompleted(run);

        assertThat(repository.find(id).orElseThrow().status()).isEqualTo(EvaluationStatus.COMPLETED);
        assertThat(events.payloads(EvaluationCompleted.class)).hasSize(1);
    }

    @Test
    void theNamesPromotedModelIsTheReferenceAndARunNoBetterThanItIsRejected() {
        TrainingCompleted first = run("first", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        service.onTrainingCompleted(first);
        TrainingCompleted second = Fixtures.trainingRun(store, layout, first.modelName(), "second-" + suffix, "full",
                row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion, Map.of());

        service.onTrainingCompleted(second);

        Evaluation evaluation = repository.find(EvaluationService.evaluationIdForRun(second.runId())).orElseThrow();
        assertThat(evaluation.reference()).isEqualTo(EvaluatedModel.PROMOTED);
        assertThat(evaluation.model(EvaluatedModel.PROMOTED)).hasValue(new EvaluatedModel(EvaluatedModel.PROMOTED,
                first.checkpoint(), first.runId()));
        assertThat(evaluation.systems()).extracting(SystemResult::name)
                .containsExactly(EvaluatedModel.BASE, EvaluatedModel.PROMOTED, EvaluatedModel.CANDIDATE);
        // as good as the promoted model: no gain against it, although far better than the base
        assertThat(evaluation.comparisons()).allSatisfy(c -> assertThat(c.difference().estimate()).isZero());
        assertThat(evaluation.decision()).isEqualTo(Decision.REJECTED);
        assertThat(events.payloads(ModelRejected.class)).singleElement().satisfies(rejected -> {
            assertThat(rejected.runId()).isEqualTo(second.runId());
            assertThat(rejected.reason()).contains("against the promoted model");
        });
        assertThat(repository.promoted(first.modelName()).orElseThrow().runId()).isEqualTo(first.runId());
    }

    @Test
    void aCandidateThatForgetsAHeldOutTaskIsRejectedSayingSo() {
        TrainingCompleted run = run("forgets", row -> "no idea", Fixtures.Row::completion,
                row -> Fixtures.flipSentiment(row.completion()));

        service.onTrainingCompleted(run);

        assertThat(events.payloads(EvaluationCompleted.class)).singleElement().satisfies(completed -> {
            assertThat(completed.forgetting()).containsExactly(Map.entry("sentiment", -1.0));
            assertThat(completed.gatePassed()).isFalse();
        });
        assertThat(events.payloads(ModelRejected.class)).singleElement()
                .satisfies(rejected -> assertThat(rejected.reason()).contains("sentiment accuracy \u2212100 % ")
                        .contains("forgotten").endsWith("exceeds the 5 % suite tolerance"));
        assertThat(repository.promoted(run.modelName())).isEmpty();
    }

    @Test
    void withAutoPromotionOffTheEvaluationIsAnnouncedAndLeftToAPerson() {
        service = service(config.withAutoPromote(false), leases("instance-a"));
        TrainingCompleted run = run("manual", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);

        service.onTrainingCompleted(run);

        Evaluation evaluation = repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow();
        assertThat(evaluation.decision()).isEqualTo(Decision.PENDING);
        assertThat(evaluation.decisionReason()).startsWith("auto-promotion is off; the gate would promote");
        assertThat(events.payloads(EvaluationCompleted.class)).hasSize(1);
        assertThat(events.payloads(ModelPromoted.class)).isEmpty();
        assertThat(events.payloads(ModelRejected.class)).isEmpty();
    }

    @Test
    void aRunWithoutWhatAnEvaluationNeedsIsRefusedNamingEveryMissingPart() {
        TrainingCompleted incomplete = new TrainingCompleted("bare-" + suffix, null, "t5", null, "full", "d", "v1",
                "r1", null, null, 1, 0.1, Map.of("train", new ObjectRef(layout.prompts(), "train.jsonl")), Map.of());

        assertThatThrownBy(() -> service.onTrainingCompleted(incomplete))
                .isInstanceOfSatisfying(RejectedEventException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo("not-evaluable");
                    assertThat(e.getMessage()).isEqualTo("run bare-" + suffix + " cannot be evaluated without "
                            + "modelName, baseModelRef, checkpoint, prompts.test");
                });
        assertThat(repository.find(EvaluationService.evaluationIdForRun(incomplete.runId()))).isEmpty();
        assertThat(events.events()).isEmpty();
    }

    @Test
    void aMissingTestSplitFailsTheEvaluationWithItsReasonAndAnnouncesNothing() {
        TrainingCompleted run = withTestSplit(run("nosplit", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion), new ObjectRef(layout.prompts(), "gone/test.jsonl"));

        Evaluation failed = failedEvaluation(run);

        assertThat(failed.error()).startsWith("ObjectNotFoundException").contains("gone/test.jsonl");
        assertThat(scripted.promptsAnswered(run.checkpoint().key())).isZero();
    }

    @Test
    void aBadLineInTheTestSplitFailsTheEvaluationNamingTheLine() {
        ObjectRef split = new ObjectRef(layout.prompts(), "bad-" + suffix + "/test.jsonl");
        store.put(split.bucket(), split.key(), "{\"prompt\":\"ok\",\"completion\":\"fine\"}\n{\"prompt\":7}\n"
                .getBytes(StandardCharsets.UTF_8));
        TrainingCompleted run = withTestSplit(run("badline", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion), split);

        assertThat(failedEvaluation(run).error()).isEqualTo(split + " line 2: 'prompt' must be a string");
    }

    @Test
    void anEmptyTestSplitFailsTheEvaluation() {
        ObjectRef split = new ObjectRef(layout.prompts(), "empty-" + suffix + "/test.jsonl");
        store.put(split.bucket(), split.key(), "\n".getBytes(StandardCharsets.UTF_8));
        TrainingCompleted run = withTestSplit(run("empty", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion), split);

        assertThat(failedEvaluation(run).error()).isEqualTo("the test set " + split + " has no examples");
    }

    @Test
    void anUnreadableCheckpointFailsTheEvaluationWithItsReason() {
        TrainingCompleted run = run("unreadable", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);
        store.delete(run.checkpoint().bucket(), run.checkpoint().key() + ScriptedModels.ANSWERS);
        store.put(run.checkpoint().bucket(), run.checkpoint().key() + "model.safetensors", new byte[] {0, 1, 2});

        assertThat(failedEvaluation(run).error()).startsWith("UncheckedIOException: not a scripted model");
    }

    @Test
    void aGeneratorThatFailsFailsTheEvaluationWithItsReason() {
        TrainingCompleted run = run("oom", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        failingModels.add(run.checkpoint().key());

        assertThat(failedEvaluation(run).error()).isEqualTo("IllegalStateException: out of memory in "
                + run.checkpoint().key());
    }

    @Test
    void whenTheBrokerDoesNotAcknowledgeTheEvaluationTheRedeliveryAnnouncesItWithoutEvaluatingAgain() {
        TrainingCompleted run = run("unacked", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        events.refuse(payload -> payload instanceof EvaluationCompleted);

        assertThatThrownBy(() -> service.onTrainingCompleted(run)).hasMessageContaining("did not acknowledge");
        assertThat(events.payloads(ModelPromoted.class)).isEmpty();

        events.acceptAll();
        service.onTrainingCompleted(run); // the inbox retries, or Kafka redelivers the uncommitted record

        assertThat(events.payloads(EvaluationCompleted.class)).singleElement()
                .satisfies(completed -> assertThat(completed.runId()).isEqualTo(run.runId()));
        assertThat(events.payloads(ModelPromoted.class)).hasSize(1);
        assertThat(repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow().decision())
                .isEqualTo(Decision.PROMOTED);
        assertThat(scripted.promptsAnswered(run.checkpoint().key()))
                .isEqualTo(Fixtures.chats().size() + Fixtures.sentiment().size());
    }

    @Test
    void whenTheDecisionIsNotAcknowledgedTheRedeliveryDecidesAgain() {
        TrainingCompleted run = run("undecided", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);
        events.refuse(payload -> payload instanceof ModelPromoted);

        assertThatThrownBy(() -> service.onTrainingCompleted(run)).hasMessageContaining("did not acknowledge");

        events.acceptAll();
        service.onTrainingCompleted(run);

        assertThat(events.payloads(ModelPromoted.class)).singleElement()
                .satisfies(promoted -> assertThat(promoted.runId()).isEqualTo(run.runId()));
        assertThat(repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow().decision())
                .isEqualTo(Decision.PROMOTED);
    }

    /**
     * A rebalance in the middle of an evaluation (a second replica, a rolling update whose new Pod joins the group
     * first) hands the uncommitted record to another instance's consumer while the first still evaluates. The
     * other instance waits on the run's lease, finds the evaluation decided once the first is done, and neither
     * generates nor announces anything: one evaluation, one {@code EvaluationCompleted}, one promotion.
     */
    @Test
    void aRebalanceInTheMiddleOfAnEvaluationEvaluatesTheRunOnce() throws Exception {
        TrainingCompleted run = run("rebalanced", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);
        String id = EvaluationService.evaluationIdForRun(run.runId());
        EvaluationLeases otherLeases = leases("instance-b");
        EvaluationService other = otherInstance(otherLeases);
        CountDownLatch generating = new CountDownLatch(1);
        whileCandidateGenerates = () -> {
            generating.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> otherLeases.awaited().contains(id));
        };

        CompletableFuture<Void> first = Background.run(() -> service.onTrainingCompleted(run));
        assertThat(generating.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> second = Background.run(() -> other.onTrainingCompleted(run));
        CompletableFuture.allOf(first, second).get(60, TimeUnit.SECONDS);

        assertThat(scripted.promptsAnswered(run.checkpoint().key()))
                .isEqualTo(Fixtures.chats().size() + Fixtures.sentiment().size());
        assertThat(events.payloads(EvaluationCompleted.class)).singleElement()
                .satisfies(completed -> assertThat(completed.runId()).isEqualTo(run.runId()));
        assertThat(events.payloads(ModelPromoted.class)).hasSize(1);
        assertThat(events.payloads(ModelRejected.class)).isEmpty();
        assertThat(repository.find(id).orElseThrow().decision()).isEqualTo(Decision.PROMOTED);
        assertThat(repository.lease(id)).isEmpty();
    }

    /**
     * The lease holder stops renewing in the middle of the evaluation (its process died, or froze). The record
     * handed to the other instance is not lost: once the lease has expired the other instance takes the run over
     * and evaluates it. Should the old holder wake up, it finds its lease gone, stores and announces nothing, and
     * acknowledges its record.
     */
    @Test
    void aRunWhoseLeaseHolderDiedIsTakenOverOnceTheLeaseExpires() throws Exception {
        TrainingCompleted run = run("taken-over", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);
        String id = EvaluationService.evaluationIdForRun(run.runId());
        EvaluationLeases deadLeases = leases("instance-dead");
        EvaluationService dead = otherInstance(deadLeases);
        CountDownLatch generating = new CountDownLatch(1);
        CountDownLatch wakeUp = new CountDownLatch(1);
        whileCandidateGenerates = () -> {
            if (generating.getCount() > 0) { // only the first holder freezes
                generating.countDown();
                awaitQuietly(wakeUp);
            }
        };
        CompletableFuture<Void> frozen = Background.run(() -> dead.onTrainingCompleted(run));
        assertThat(generating.await(30, TimeUnit.SECONDS)).isTrue();
        deadLeases.close(); // its renewals stop, as when its process dies
        Instant staleExpiry = repository.lease(id).orElseThrow().expiresAt();

        Background.run(() -> service.onTrainingCompleted(run)).get(60, TimeUnit.SECONDS);

        assertThat(Instant.now()).isAfter(staleExpiry);
        assertThat(events.payloads(EvaluationCompleted.class)).hasSize(1);
        assertThat(events.payloads(ModelPromoted.class)).hasSize(1);
        Evaluation decided = repository.find(id).orElseThrow();
        assertThat(decided.status()).isEqualTo(EvaluationStatus.COMPLETED);
        assertThat(decided.decision()).isEqualTo(Decision.PROMOTED);

        wakeUp.countDown();
        frozen.get(60, TimeUnit.SECONDS);

        assertThat(events.payloads(EvaluationCompleted.class)).hasSize(1);
        assertThat(events.payloads(ModelPromoted.class)).hasSize(1);
        assertThat(repository.find(id).orElseThrow()).isEqualTo(decided);
    }

    @Test
    void whileTheModelsGenerateTheEvaluationShowsHowFarItIs() {
        TrainingCompleted run = run("progress", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);

        service.onTrainingCompleted(run);

        assertThat(seenWhileGenerating).isNotEmpty().allSatisfy(seen -> assertThat(seen).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(EvaluationStatus.RUNNING);
            assertThat(e.progress()).matches("\\S.* \\d+/\\d+");
        }));
        assertThat(service.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow().progress())
                .isNull();
    }

    @Test
    void aRequestedEvaluationRunsInTheBackgroundIsNeverDecidedAndAnnouncesNothing() {
        TrainingCompleted run = run("requested", row -> "no idea", Fixtures.Row::completion,
                Fixtures.Row::completion);
        EvaluationRequest request = new EvaluationRequest("support", location(run.baseModelRef()),
                location(run.checkpoint()), location(run.prompts().get("test")), null, null, null, 4, null, null);

        Evaluation accepted = service.request(request);

        assertThat(accepted.status()).isEqualTo(EvaluationStatus.RUNNING);
        assertThat(accepted.generation().maxNewTokens()).isEqualTo(4);
        assertThat(accepted.generation().batchSize()).isEqualTo(config.generation().batchSize());
        await().atMost(Duration.ofSeconds(60)).until(() -> service.find(accepted.evaluationId()).orElseThrow()
                .status() != EvaluationStatus.RUNNING);
        Evaluation done = service.find(accepted.evaluationId()).orElseThrow();
        assertThat(done.status()).isEqualTo(EvaluationStatus.COMPLETED);
        assertThat(done.decision()).isEqualTo(Decision.PENDING);
        assertThat(done.decisionReason()).isEqualTo("requested evaluations are decided by a person");
        assertThat(done.gate().promote()).isTrue();
        assertThat(events.events()).isEmpty();
        assertThat(repository.promoted("support")).isEmpty();
    }

    @Test
    void aRequestIsCheckedBeforeAnythingIsStored() {
        TrainingCompleted run = run("checked", row -> "no idea", Fixtures.Row::completion, Fixtures.Row::completion);
        String base = location(run.baseModelRef());
        String test = location(run.prompts().get("test"));
        String nowhere = "s3://" + layout.models() + "/nowhere/";

        assertRefused(new EvaluationRequest(null, null, null, test, null, null, null, null, null, null),
                "model-required");
        assertRefused(new EvaluationRequest(null, nowhere, null, test, null, null, null, null, null, null),
                "not-found-in-storage");
        assertRefused(new EvaluationRequest(null, base, nowhere, test, null, null, null, null, null, null),
                "not-found-in-storage");
        assertRefused(new EvaluationRequest(null, base, null, null, null, null, null, null, null, null),
                "test-set-required");
        assertRefused(new EvaluationRequest(null, base, null, test,
                new EvaluationService.RenderedSplit("d", "v1", "r1"), null, null, null, null, null),
                "test-set-required");
        assertRefused(new EvaluationRequest(null, base, null, test + ".missing", null, null, null, null, null, null),
                "not-found-in-storage");
        assertRefused(new EvaluationRequest(null, base, null, test, null, null, List.of(0, 3), null, null, null),
                "train-set-required");
        assertThat(repository.list()).isEmpty();
    }

    private void assertRefused(EvaluationRequest request, String error) {
        assertThatThrownBy(() -> service.request(request)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.toApiError().error()).isEqualTo(error));
    }

    /** The run fails: a dead letter with the reason (the exception), the evaluation FAILED, no event. */
    private Evaluation failedEvaluation(TrainingCompleted run) {
        assertThatThrownBy(() -> service.onTrainingCompleted(run))
                .isInstanceOfSatisfying(RejectedEventException.class,
                        e -> assertThat(e.errorCode()).isEqualTo("evaluation-failed"));
        Evaluation failed = repository.find(EvaluationService.evaluationIdForRun(run.runId())).orElseThrow();
        assertThat(failed.status()).isEqualTo(EvaluationStatus.FAILED);
        assertThat(failed.completedAt()).isNotNull();
        assertThatThrownBy(() -> service.onTrainingCompleted(run)).hasMessageContaining(failed.error());
        assertThat(events.events()).isEmpty();
        assertThat(repository.promoted(run.modelName())).isEmpty();
        return failed;
    }

    private EvaluationLeases leases(String owner) {
        EvaluationLeases leases = new EvaluationLeases(repository, config, owner, Clock.systemUTC());
        instances.add(leases);
        return leases;
    }

    /** A second instance over the same buckets and publisher, as another Pod: its own lease owner and model cache. */
    private EvaluationService otherInstance(EvaluationLeases leases) {
        return service(config.withCacheDir(cacheDir.resolve("other-instance")), leases);
    }

    private EvaluationService service(TestEvalConfig settings, EvaluationLeases leases) {
        GeneratorFactory generators = generation -> dir -> {
            String folder = dir.toString();
            if (failingModels.stream().anyMatch(key -> folder.endsWith(key.substring(0, key.length() - 1)))) {
                return new ScriptedGenerator(prompt -> {
                    throw new IllegalStateException("out of memory in " + failingModels.get(0));
                });
            }
            if (folder.contains("checkpoints")) {
                seenWhileGenerating.add(service.find(runningEvaluation()));
                Runnable hook = whileCandidateGenerates;
                if (hook != null) {
                    hook.run();
                }
            }
            return scripted.loader(generation).open(dir);
        };
        return new EvaluationService(repository, new ModelCache(store, settings), generators,
                new TestSets(store, settings), new PromotionService(repository, events.publisher(), settings,
                events.auditTrail()), events.publisher(), store, layout, settings, executor, leases);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String runningEvaluation() {
        return repository.list().stream().filter(e -> e.status() == EvaluationStatus.RUNNING).findFirst()
                .map(Evaluation::evaluationId).orElseThrow();
    }

    private TrainingCompleted run(String name, java.util.function.Function<Fixtures.Row, String> base,
                                  java.util.function.Function<Fixtures.Row, String> candidate,
                                  java.util.function.Function<Fixtures.Row, String> sentiment) {
        return Fixtures.trainingRun(store, layout, "support-" + name, name + "-" + suffix, "full", base, candidate,
                sentiment, Map.of("wall_seconds", 3.0));
    }

    private static TrainingCompleted withTestSplit(TrainingCompleted run, ObjectRef test) {
        return new TrainingCompleted(run.runId(), run.modelName(), run.baseModel(), run.baseModelRef(), run.method(),
                run.datasetId(), run.versionId(), run.renderId(), run.checkpoint(), run.lastCheckpoint(),
                run.steps(), run.finalLoss(), Map.of("train", run.prompts().get("train"), "test", test),
                run.metrics());
    }

    private List<String> decisionOrder() {
        return events.events().stream().map(event -> event.payload().getClass().getSimpleName())
                .filter(type -> !type.equals("AuditRecorded")).toList();
    }

    private String text(String evaluationId, String file) {
        return new String(repository.file(evaluationId, file).orElseThrow(), StandardCharsets.UTF_8);
    }

    private static SystemResult system(Evaluation evaluation, String name) {
        return evaluation.systems().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    private static String location(ObjectRef ref) {
        return "s3://" + ref.bucket() + "/" + ref.key();
    }
}

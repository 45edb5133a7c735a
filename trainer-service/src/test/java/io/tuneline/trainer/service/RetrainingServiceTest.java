package io.tuneline.trainer.service;

import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.api.TrainingRun;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.retraining.RetrainingPolicy;
import io.tuneline.trainer.testing.ScriptedExecutor;
import io.tuneline.trainer.testing.TestTrainerConfig;
import io.tuneline.trainer.testing.UnitStorage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event-driven retraining over the real S3 server, with a scripted executor: which renders start a run under a
 * dataset's policy, and that one (render, spec) never starts two.
 */
class RetrainingServiceTest {

    @RegisterExtension
    static final UnitStorage S3 = new UnitStorage();

    private static ObjectStore store;

    private final String dataset = "chats-" + UUID.randomUUID().toString().substring(0, 8);
    private UnitServices services;
    private RetrainingService retraining;

    @BeforeAll
    static void connect() {
        store = S3.store();
    }


    @BeforeEach
    void services() {
        services = new UnitServices(store, ScriptedExecutor.local());
        retraining = services.retraining(new TestTrainerConfig(false, null));
    }

    @Test
    void aRenderUnderAnEnabledPolicyStartsOneRunOnItsSplitsEvenWhenDeliveredAgain() {
        // No threshold: only the recorded (render, spec) pair stops the repeated event.
        retraining.putPolicy(dataset, policy(true, 0, Duration.ZERO));

        Optional<TrainingRun> started = retraining.onPromptsRendered(render("r1", 10));
        Optional<TrainingRun> redelivered = retraining.onPromptsRendered(render("r1", 10));
        // A second service instance (or one restarted half-way) derives the same run id from the same pair.
        Optional<TrainingRun> elsewhere = new UnitServices(store, ScriptedExecutor.local())
                .retraining(new TestTrainerConfig(false, null)).onPromptsRendered(render("r1", 10));

        assertThat(started).hasValueSatisfying(run -> {
            assertThat(run.runId()).startsWith("rt-");
            assertThat(run.trigger()).isEqualTo("retraining:r1");
            assertThat(run.spec().modelName()).isEqualTo(dataset);
            assertThat(run.spec().train()).isEqualTo("s3://tuneline-prompts/" + dataset + "/v1/r1/train.jsonl");
            assertThat(run.spec().renderId()).isEqualTo("r1");
            assertThat(run.spec().maxSteps()).isEqualTo(3);
        });
        assertThat(redelivered).isEmpty();
        assertThat(elsewhere).isEmpty();
        assertThat(services.executor.submitted()).hasSize(1);
    }

    @Test
    void aPolicyThatIsOffOrWantsMoreNewDataOrMoreTimeStartsNothing() {
        assertThat(retraining.onPromptsRendered(render("r0", 1000))).as("the configured default: off").isEmpty();

        retraining.putPolicy(dataset, policy(true, 50, Duration.ZERO));
        assertThat(retraining.onPromptsRendered(render("r1", 40))).as("40 < 50 new examples").isEmpty();
        assertThat(retraining.onPromptsRendered(render("r2", 60))).isPresent();
        assertThat(retraining.onPromptsRendered(render("r3", 100))).as("40 new since the last run").isEmpty();

        retraining.putPolicy(dataset, policy(true, 1, Duration.ofHours(1)));
        assertThat(retraining.onPromptsRendered(render("r4", 500))).as("the last run started just now").isEmpty();

        retraining.putPolicy(dataset, policy(false, 0, Duration.ZERO));
        assertThat(retraining.onPromptsRendered(render("r5", 1000))).isEmpty();
        assertThat(services.executor.submitted()).hasSize(1);
    }

    @Test
    void theConfiguredDefaultPolicyAppliesToDatasetsWithoutTheirOwn() {
        RetrainingService enabledByDefault = services.retraining(
                new TestTrainerConfig(true, "s3://tuneline-models/tiny/"));

        RetrainingPolicy policy = enabledByDefault.policy(dataset);

        assertThat(policy.enabled()).isTrue();
        assertThat(policy.minNewExamples()).isEqualTo(100);
        assertThat(policy.specTemplate().baseModel()).isEqualTo("s3://tuneline-models/tiny/");
        assertThat(enabledByDefault.onPromptsRendered(render("r1", 99))).isEmpty();
        assertThat(enabledByDefault.onPromptsRendered(render("r2", 100))).isPresent();
    }

    @Test
    void badPoliciesAreRefusedNamingTheFieldAndNothingIsStored() {
        refused(null, "a policy");
        refused(policy(true, -1, Duration.ZERO), "minNewExamples");
        refused(policy(true, 1, Duration.ofMinutes(-1)), "minInterval");
        refused(new RetrainingPolicy(dataset, true, 1, Duration.ZERO, null), "specTemplate.baseModel");
        assertThat(retraining.storedPolicies()).noneMatch(p -> p.datasetId().equals(dataset));

        RetrainingPolicy stored = retraining.putPolicy(dataset, new RetrainingPolicy(null, false, 3, null, null));
        assertThat(stored.datasetId()).isEqualTo(dataset);
        assertThat(stored.minInterval()).isEqualTo(Duration.ZERO);
        assertThat(retraining.policy(dataset)).isEqualTo(stored);
    }

    @Test
    void aPolicyWhoseSpecCannotStartARunDeadLettersTheRenderWithTheReason() {
        // Stored as an older version might have: a template the run spec's validation refuses.
        RunSpec invalid = template(-7);
        services.objects.write(UnitStorage.LAYOUT.retrainingPolicy(dataset),
                new RetrainingPolicy(dataset, true, 1, Duration.ZERO, invalid));

        assertThatThrownBy(() -> retraining.onPromptsRendered(render("r1", 10)))
                .isInstanceOfSatisfying(RejectedEventException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(RetrainingService.ERROR_POLICY_SPEC);
                    assertThat(e.getMessage()).contains(dataset).contains("maxSteps");
                });
        assertThat(services.executor.submitted()).isEmpty();
    }

    private void refused(RetrainingPolicy policy, String field) {
        assertThatThrownBy(() -> retraining.putPolicy(dataset, policy)).isInstanceOfSatisfying(ApiException.class,
                e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.toApiError().error()).isEqualTo(RetrainingService.ERROR_INVALID_POLICY);
                    assertThat(e.getMessage() + e.toApiError().details()).contains(field);
                });
    }

    private RetrainingPolicy policy(boolean enabled, long minNewExamples, Duration minInterval) {
        return new RetrainingPolicy(dataset, enabled, minNewExamples, minInterval, template(3));
    }

    private static RunSpec template(int maxSteps) {
        return new RunSpec(null, "s3://tuneline-models/tiny/", null, null, null, null, null, null, maxSteps, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    private PromptsRendered render(String renderId, long trainExamples) {
        String prefix = dataset + "/v1/" + renderId + "/";
        return new PromptsRendered(dataset, "v1", renderId, null,
                Map.of("train", new ObjectRef("tuneline-prompts", prefix + "train.jsonl"),
                        "test", new ObjectRef("tuneline-prompts", prefix + "test.jsonl")),
                Map.of("train", trainExamples, "test", 2L), 0);
    }
}

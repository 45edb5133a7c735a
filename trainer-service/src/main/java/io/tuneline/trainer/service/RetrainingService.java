package io.tuneline.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import io.tuneline.trainer.config.TrainerConfig;
import io.tuneline.trainer.retraining.RetrainingDecision;
import io.tuneline.trainer.retraining.RetrainingPolicy;
import io.tuneline.trainer.retraining.RetrainingState;
import io.tuneline.contracts.api.TrainingRun;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Event-driven retraining: a {@code PromptsRendered} event, the dataset's policy, and at most one run per
 * (render, spec). The run id is derived from that pair and the pair is recorded in object storage, so a redelivered
 * or duplicated event, even after a crash half-way, never starts a second run.
 */
@ApplicationScoped
public class RetrainingService {

    public static final String ERROR_INVALID_POLICY = "invalid-policy";
    public static final String ERROR_POLICY_SPEC = "retraining-spec-invalid";

    private static final Logger LOG = Logger.getLogger(RetrainingService.class);

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper json;
    private final JsonObjects objects;
    private final TrainerConfig config;
    private final RunService runs;
    private final Clock clock = Clock.systemUTC();

    RetrainingService(ObjectStore store, StorageLayout layout, ObjectMapper json, JsonObjects objects,
                      TrainerConfig config, RunService runs) {
        this.store = store;
        this.layout = layout;
        this.json = json;
        this.objects = objects;
        this.config = config;
        this.runs = runs;
    }

    /** Starts a run if the policy says so; returns it, or empty (duplicate, policy off, not enough new data). */
    public synchronized Optional<TrainingRun> onPromptsRendered(PromptsRendered rendered) {
        RetrainingPolicy policy = policy(rendered.datasetId());
        if (!policy.enabled()) {
            LOG.debugf("Render %s: retraining is off for %s", rendered.renderId(), rendered.datasetId());
            return Optional.empty();
        }
        RunSpec spec = specFor(policy, rendered);
        String triggerKey = triggerKey(rendered, spec);
        ObjectRef trigger = layout.retrainingTrigger(triggerKey);
        if (store.exists(trigger.bucket(), trigger.key())) {
            LOG.infof("Render %s of %s already started run %s; ignoring the repeated event", rendered.renderId(),
                    rendered.datasetId(), runIdOf(triggerKey));
            return Optional.empty();
        }
        RetrainingState last = objects.read(layout.retrainingState(rendered.datasetId()), RetrainingState.class)
                .orElse(null);
        Instant now = Instant.now(clock);
        RetrainingDecision decision = RetrainingDecision.decide(policy, last, rendered, now);
        if (!decision.start()) {
            LOG.infof("Render %s of %s starts no run: %s", rendered.renderId(), rendered.datasetId(),
                    decision.reason());
            return Optional.empty();
        }
        TrainingRun run;
        try {
            run = runs.create(spec, "retraining:" + rendered.renderId(), runIdOf(triggerKey));
        } catch (ApiException e) {
            throw new RejectedEventException(ERROR_POLICY_SPEC, "the retraining policy of " + rendered.datasetId()
                    + " makes an invalid run spec: " + e.getMessage());
        }
        objects.write(trigger, Map.of("runId", run.runId(), "datasetId", rendered.datasetId(), "versionId",
                String.valueOf(rendered.versionId()), "renderId", rendered.renderId(), "at", now.toString()));
        long train = rendered.counts() == null ? 0 : rendered.counts().getOrDefault("train", 0L);
        objects.write(layout.retrainingState(rendered.datasetId()),
                new RetrainingState(rendered.datasetId(), run.runId(), now, train));
        LOG.infof("Render %s of %s started run %s (%s)", rendered.renderId(), rendered.datasetId(), run.runId(),
                decision.reason());
        return Optional.of(run);
    }

    /** The dataset's own policy, else the configured default ({@code tuneline.trainer.retraining.*}). */
    public RetrainingPolicy policy(String datasetId) {
        return objects.read(layout.retrainingPolicy(datasetId), RetrainingPolicy.class)
                .orElseGet(() -> defaultPolicy(datasetId));
    }

    public List<RetrainingPolicy> storedPolicies() {
        List<RetrainingPolicy> policies = new ArrayList<>();
        for (StoredObject object : store.list(layout.checkpoints(), layout.retrainingPoliciesPrefix())) {
            objects.read(new ObjectRef(object.bucket(), object.key()), RetrainingPolicy.class).ifPresent(policies::add);
        }
        return policies;
    }

    public RetrainingPolicy putPolicy(String datasetId, RetrainingPolicy submitted) {
        StorageLayout.id(datasetId);
        if (submitted == null) {
            throw ApiException.badRequest(ERROR_INVALID_POLICY, "a policy (JSON) is required");
        }
        if (submitted.minNewExamples() < 0) {
            throw ApiException.badRequest(ERROR_INVALID_POLICY, "minNewExamples: must not be negative",
                    Map.of("field", "minNewExamples"));
        }
        if (submitted.minInterval() != null && submitted.minInterval().isNegative()) {
            throw ApiException.badRequest(ERROR_INVALID_POLICY, "minInterval: must not be negative",
                    Map.of("field", "minInterval"));
        }
        RunSpec template = submitted.specTemplate();
        if (submitted.enabled() || template != null) {
            RunSpec probe = template == null ? null : withPrompts(template, "s3://probe/train.jsonl");
            List<RunSpec.FieldError> errors = probe == null ? List.of(new RunSpec.FieldError("baseModel", "is required"))
                    : probe.validate();
            if (!errors.isEmpty()) {
                throw ApiException.badRequest(ERROR_INVALID_POLICY, "specTemplate: " + errors.stream()
                        .map(RunSpec.FieldError::toString).reduce((a, b) -> a + "; " + b).orElse(""),
                        Map.of("field", "specTemplate." + errors.get(0).field()));
            }
        }
        RetrainingPolicy policy = new RetrainingPolicy(datasetId, submitted.enabled(), submitted.minNewExamples(),
                submitted.minInterval() == null ? java.time.Duration.ZERO : submitted.minInterval(), template);
        objects.write(layout.retrainingPolicy(datasetId), policy);
        return policy;
    }

    private RetrainingPolicy defaultPolicy(String datasetId) {
        TrainerConfig.Retraining defaults = config.retraining();
        RunSpec template = new RunSpec(null, defaults.baseModel().orElse(null), null, null, null, null, null,
                defaults.epochs(), null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        return new RetrainingPolicy(datasetId, defaults.enabled(), defaults.minNewExamples(), defaults.minInterval(),
                template);
    }

    /** The template with the render's splits and provenance; the model is named after the dataset by default. */
    static RunSpec specFor(RetrainingPolicy policy, PromptsRendered rendered) {
        RunSpec t = policy.specTemplate();
        Map<String, ObjectRef> splits = rendered.splits();
        return new RunSpec(t.modelName() == null ? rendered.datasetId() : t.modelName(), t.baseModel(),
                location(splits, "train"), location(splits, "validation"), location(splits, "test"), t.method(),
                t.lora(), t.epochs(), t.maxSteps(), t.learningRate(), t.warmupSteps(), t.weightDecay(),
                t.batchSize(), t.gradientAccumulation(), t.maxSourceTokens(), t.maxTargetTokens(), t.seed(),
                t.evalEvery(), t.earlyStoppingPatience(), t.checkpointEvery(), t.keepBest(), t.optimizer(),
                t.precision(), t.maxNonFiniteSteps(), rendered.datasetId(), rendered.versionId(),
                rendered.renderId(), t.mixWith(), t.mixFraction(), t.validationMixWith(),
                t.validationMixTolerance());
    }

    private static RunSpec withPrompts(RunSpec t, String train) {
        return new RunSpec(t.modelName(), t.baseModel(), train, t.validation() == null ? train : t.validation(),
                t.test(), t.method(), t.lora(), t.epochs(), t.maxSteps(), t.learningRate(), t.warmupSteps(),
                t.weightDecay(), t.batchSize(), t.gradientAccumulation(), t.maxSourceTokens(), t.maxTargetTokens(),
                t.seed(), t.evalEvery(), t.earlyStoppingPatience(), t.checkpointEvery(), t.keepBest(), t.optimizer(),
                t.precision(), t.maxNonFiniteSteps(), t.datasetId(), t.versionId(), t.renderId(), t.mixWith(),
                t.mixFraction(), t.validationMixWith(), t.validationMixTolerance());
    }

    private static String location(Map<String, ObjectRef> splits, String split) {
        ObjectRef ref = splits == null ? null : splits.get(split);
        return ref == null ? null : ref.toString();
    }

    /** SHA-256 of the render's identity and the spec's JSON: the same (render, spec) gives the same key. */
    private String triggerKey(PromptsRendered rendered, RunSpec spec) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((rendered.datasetId() + "/" + rendered.versionId() + "/" + rendered.renderId() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            sha.update(json.writeValueAsBytes(spec));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String runIdOf(String triggerKey) {
        return "rt-" + triggerKey.substring(0, 20);
    }
}

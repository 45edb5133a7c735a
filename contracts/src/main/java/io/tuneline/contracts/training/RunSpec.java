package io.tuneline.contracts.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What one fine-tuning run does — the JSON a user posts to trainer-service, passes to {@code ./tuneline train
 * --spec}, and the worker reads. Locations are {@code s3://bucket/key} (a folder when it ends with {@code /}) or a
 * local path; {@code baseModel} may also be the name of a registered base model.
 *
 * <p>Null numeric fields take the defaults of {@link #withDefaults()}; {@link #validate()} names every bad field.
 *
 * @param modelName         the name the result is evaluated and served under (e.g. {@code support-summarizer})
 * @param baseModel         registered base-model name, {@code s3://…/} folder or local folder (Hugging Face layout)
 * @param train             training prompts: JSONL with {@code prompt} and {@code completion} per line
 * @param validation        validation prompts (same format), or null for none
 * @param test              test prompts kept with the run for its evaluation, or null
 * @param method            {@code full} or {@code lora}
 * @param lora              LoRA settings when {@code method} is {@code lora}
 * @param epochs            passes over the training data (ignored when {@code maxSteps} is set)
 * @param maxSteps          optimizer steps; takes precedence over {@code epochs}
 * @param optimizer         {@code adamw} or {@code adafactor}
 * @param precision         {@code float32}; {@code float16} is refused for T5, {@code bfloat16} while the engine cannot run it
 * @param evalEvery         optimizer steps between validation-loss evaluations (0: only at the end)
 * @param earlyStoppingPatience evaluations without improvement before stopping (0: never)
 * @param checkpointEvery   optimizer steps between checkpoints (0: only at the end)
 * @param keepBest          checkpoints kept by validation loss (the last one is always kept as well)
 * @param maxNonFiniteSteps consecutive steps with a non-finite loss or gradient after which the run fails
 * @param datasetId         provenance: the dataset version and render the prompts came from (may be null)
 * @param mixWith           prompt files (locations) whose examples are mixed into the training data (multi-task
 *                          fine-tuning, against forgetting); null or empty for none
 * @param mixFraction       share of the training set that comes from {@code mixWith}, in [0, 0.9]: the worker adds
 *                          {@code round(n · f / (1 − f))} of them to the n training examples (seeded draw)
 * @param validationMixWith general-task validation prompt files (locations) watched next to {@code validation}: every
 *                          evaluation also reports their loss (the run's forgetting), and the checkpoint kept as best
 *                          is chosen by {@link #validationMixTolerance} (the worker's README, "Choosing the
 *                          checkpoint"); null or empty: best is the lowest {@code validation} loss. Needs
 *                          {@code validation}; the files must share no prompt with {@code mixWith} or any test suite
 * @param validationMixTolerance how far the general validation loss may rise above the starting model's (a share,
 *                          in [0, 1]; default 0.05): the best checkpoint is the one with the lowest {@code validation}
 *                          loss among those within it, or, when none is, the one with the lowest general loss
 */
public record RunSpec(
        String modelName,
        String baseModel,
        String train,
        String validation,
        String test,
        String method,
        LoraSpec lora,
        Integer epochs,
        Integer maxSteps,
        Double learningRate,
        Integer warmupSteps,
        Double weightDecay,
        Integer batchSize,
        Integer gradientAccumulation,
        Integer maxSourceTokens,
        Integer maxTargetTokens,
        Long seed,
        Integer evalEvery,
        Integer earlyStoppingPatience,
        Integer checkpointEvery,
        Integer keepBest,
        String optimizer,
        String precision,
        Integer maxNonFiniteSteps,
        String datasetId,
        String versionId,
        String renderId,
        List<String> mixWith,
        Double mixFraction,
        List<String> validationMixWith,
        Double validationMixTolerance) {

    /** The default of {@link #validationMixTolerance}. */
    public static final double DEFAULT_VALIDATION_MIX_TOLERANCE = 0.05;

    /** A spec without general-task validation (the fields before {@code validationMixWith}). */
    public RunSpec(String modelName, String baseModel, String train, String validation, String test, String method,
            LoraSpec lora, Integer epochs, Integer maxSteps, Double learningRate, Integer warmupSteps,
            Double weightDecay, Integer batchSize, Integer gradientAccumulation, Integer maxSourceTokens,
            Integer maxTargetTokens, Long seed, Integer evalEvery, Integer earlyStoppingPatience,
            Integer checkpointEvery, Integer keepBest, String optimizer, String precision, Integer maxNonFiniteSteps,
            String datasetId, String versionId, String renderId, List<String> mixWith, Double mixFraction) {
        this(modelName, baseModel, train, validation, test, method, lora, epochs, maxSteps, learningRate, warmupSteps,
                weightDecay, batchSize, gradientAccumulation, maxSourceTokens, maxTargetTokens, seed, evalEvery,
                earlyStoppingPatience, checkpointEvery, keepBest, optimizer, precision, maxNonFiniteSteps, datasetId,
                versionId, renderId, mixWith, mixFraction, null, null);
    }

    public static final String METHOD_FULL = "full";
    public static final String METHOD_LORA = "lora";
    public static final Set<String> METHODS = Set.of(METHOD_FULL, METHOD_LORA);
    public static final Set<String> OPTIMIZERS = Set.of("adamw", "adafactor");

    /** LoRA adapter settings, as PEFT's {@code LoraConfig} names them. */
    public record LoraSpec(Integer r, Double alpha, Double dropout, List<String> targetModules) {

        public LoraSpec withDefaults() {
            return new LoraSpec(r == null ? 8 : r, alpha == null ? 32.0 : alpha, dropout == null ? 0.05 : dropout,
                    targetModules == null || targetModules.isEmpty() ? List.of("q", "v") : List.copyOf(targetModules));
        }
    }

    /** A bad field of a spec: {@code field} is its JSON name (dotted for nested ones). */
    public record FieldError(String field, String message) {

        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    /** Every null setting replaced by its default (FLAN-T5 fine-tuning defaults). */
    public RunSpec withDefaults() {
        String m = method == null ? METHOD_FULL : method;
        return new RunSpec(modelName, baseModel, train, validation, test, m,
                METHOD_LORA.equals(m) ? (lora == null ? new LoraSpec(null, null, null, null) : lora).withDefaults() : lora,
                maxSteps == null && epochs == null ? Integer.valueOf(3) : epochs, maxSteps,
                or(learningRate, METHOD_LORA.equals(m) ? 1e-3 : 3e-4), or(warmupSteps, 0), or(weightDecay, 0.01),
                or(batchSize, 8), or(gradientAccumulation, 1), or(maxSourceTokens, 512), or(maxTargetTokens, 128),
                seed == null ? 42L : seed, or(evalEvery, 0), or(earlyStoppingPatience, 0), or(checkpointEvery, 0),
                or(keepBest, 1), optimizer == null ? "adamw" : optimizer, precision == null ? "float32" : precision,
                or(maxNonFiniteSteps, 5), datasetId, versionId, renderId,
                mixWith == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(mixWith)),
                or(mixFraction, mixWith == null || mixWith.isEmpty() ? 0.0 : 0.3),
                validationMixWith == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(validationMixWith)),
                or(validationMixTolerance, DEFAULT_VALIDATION_MIX_TOLERANCE));
    }

    /** Whether evaluations also watch general-task validation files (after defaults). */
    public boolean watchesGeneralValidation() {
        return validationMixWith != null && !validationMixWith.isEmpty();
    }

    /** Every problem of this spec (after defaults), empty when it can run. */
    public List<FieldError> validate() {
        RunSpec s = withDefaults();
        List<FieldError> errors = new ArrayList<>();
        if (blank(s.baseModel)) {
            errors.add(new FieldError("baseModel", "is required: a registered base model, an s3:// folder or a local folder"));
        }
        if (blank(s.train)) {
            errors.add(new FieldError("train", "is required: a prompt/completion JSONL file"));
        }
        if (!METHODS.contains(s.method)) {
            errors.add(new FieldError("method", "must be one of " + METHODS + ", not '" + s.method + "'"));
        }
        if (!OPTIMIZERS.contains(s.optimizer)) {
            errors.add(new FieldError("optimizer", "must be one of " + OPTIMIZERS + ", not '" + s.optimizer + "'"));
        }
        switch (s.precision) {
            case "float32" -> { }
            case "float16" -> errors.add(new FieldError("precision", "float16 is refused for T5: it was pre-trained in"
                    + " bfloat16 and its activations overflow float16's range (inf/NaN loss); use float32 or bfloat16"));
            case "bfloat16" -> errors.add(new FieldError("precision", "bfloat16 is not supported by the engine: DJL 0.36's"
                    + " PyTorch engine aborts the JVM on any bfloat16 tensor; use float32"));
            default -> errors.add(new FieldError("precision", "must be float32 or bfloat16, not '" + s.precision + "'"));
        }
        if (s.maxSteps != null && s.maxSteps <= 0) {
            errors.add(new FieldError("maxSteps", "must be positive"));
        }
        if (s.maxSteps == null && s.epochs != null && s.epochs <= 0) {
            errors.add(new FieldError("epochs", "must be positive"));
        }
        positive(errors, "learningRate", s.learningRate);
        nonNegative(errors, "warmupSteps", s.warmupSteps);
        if (s.weightDecay < 0) {
            errors.add(new FieldError("weightDecay", "must not be negative"));
        }
        positive(errors, "batchSize", s.batchSize);
        positive(errors, "gradientAccumulation", s.gradientAccumulation);
        positive(errors, "maxSourceTokens", s.maxSourceTokens);
        positive(errors, "maxTargetTokens", s.maxTargetTokens);
        nonNegative(errors, "evalEvery", s.evalEvery);
        nonNegative(errors, "earlyStoppingPatience", s.earlyStoppingPatience);
        nonNegative(errors, "checkpointEvery", s.checkpointEvery);
        positive(errors, "keepBest", s.keepBest);
        positive(errors, "maxNonFiniteSteps", s.maxNonFiniteSteps);
        if (s.earlyStoppingPatience > 0 && blank(s.validation)) {
            errors.add(new FieldError("earlyStoppingPatience", "needs a validation file"));
        }
        if (s.mixFraction < 0 || s.mixFraction > 0.9) {
            errors.add(new FieldError("mixFraction", "must be in [0, 0.9], not " + s.mixFraction));
        }
        for (int i = 0; i < s.mixWith.size(); i++) {
            if (blank(s.mixWith.get(i))) {
                errors.add(new FieldError("mixWith[" + i + "]", "must be a prompt file location, not blank"));
            }
        }
        if (s.mixFraction > 0 && s.mixWith.isEmpty()) {
            errors.add(new FieldError("mixFraction", "needs prompt files in mixWith"));
        }
        for (int i = 0; i < s.validationMixWith.size(); i++) {
            if (blank(s.validationMixWith.get(i))) {
                errors.add(new FieldError("validationMixWith[" + i + "]", "must be a prompt file location, not blank"));
            }
        }
        if (!s.validationMixWith.isEmpty() && blank(s.validation)) {
            errors.add(new FieldError("validationMixWith", "needs a validation file: the best checkpoint is the one"
                    + " with the lowest validation loss among those within the general tolerance"));
        }
        if (!(s.validationMixTolerance >= 0 && s.validationMixTolerance <= 1)) {
            errors.add(new FieldError("validationMixTolerance", "must be in [0, 1], not " + s.validationMixTolerance));
        }
        if (METHOD_LORA.equals(s.method)) {
            LoraSpec l = s.lora;
            if (l.r() <= 0) {
                errors.add(new FieldError("lora.r", "must be positive"));
            }
            if (l.alpha() <= 0) {
                errors.add(new FieldError("lora.alpha", "must be positive"));
            }
            if (l.dropout() < 0 || l.dropout() >= 1) {
                errors.add(new FieldError("lora.dropout", "must be in [0, 1)"));
            }
            for (String target : l.targetModules()) {
                if (!Set.of("q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo").contains(target)) {
                    errors.add(new FieldError("lora.targetModules", "unknown T5 module '" + target
                            + "' (q, k, v, o, wi, wi_0, wi_1, wo)"));
                }
            }
        }
        return errors;
    }

    private static void positive(List<FieldError> errors, String field, Number value) {
        if (value.doubleValue() <= 0) {
            errors.add(new FieldError(field, "must be positive"));
        }
    }

    private static void nonNegative(List<FieldError> errors, String field, Number value) {
        if (value.doubleValue() < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}

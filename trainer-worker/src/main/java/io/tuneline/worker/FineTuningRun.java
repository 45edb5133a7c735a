package io.tuneline.worker;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import io.tuneline.model.train.Adafactor;
import io.tuneline.model.train.AdamW;
import io.tuneline.model.train.LengthBucketedBatcher;
import io.tuneline.model.train.Optimizer;
import io.tuneline.model.train.OptimizerStateFiles;
import io.tuneline.model.train.Seq2SeqBatch;
import io.tuneline.model.train.Seq2SeqExample;
import io.tuneline.model.train.Trainer;
import io.tuneline.model.train.TrainingConfig;
import io.tuneline.worker.data.BadPromptFileException;
import io.tuneline.worker.data.PromptExample;
import io.tuneline.worker.data.PromptFileReader;
import io.tuneline.worker.data.PromptSet;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.CheckpointRetention;
import io.tuneline.worker.output.RunFolderNames;
import io.tuneline.worker.output.RunOutput;
import io.tuneline.worker.output.TrainerState;
import io.tuneline.worker.output.TrainerState.CheckpointScore;
import io.tuneline.worker.output.TrainerState.Evaluation;
import io.tuneline.worker.progress.CheckpointSaved;
import io.tuneline.worker.progress.ProgressSink;
import io.tuneline.worker.progress.RunFailure;
import io.tuneline.worker.progress.RunResult;
import io.tuneline.worker.progress.RunStarted;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One fine-tuning run from start to finish: load the base model (or the newest checkpoint when resuming),
 * tokenize the prompts, then optimizer steps over length-bucketed batches with validation, early stopping,
 * checkpoints and a final model. Every step's dropout is seeded from {@code (seed, step attempt)} and the data
 * order from {@code (seed, epoch)}, so a run resumed from a checkpoint repeats the uninterrupted run exactly.
 */
public final class FineTuningRun {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String runId;
    private final RunSpec spec;
    private final RunInputs inputs;
    private final RunOutput output;
    private final ProgressSink progress;
    private Consumer<T5ForConditionalGeneration> afterLoad = model -> { };
    private Consumer<T5ForConditionalGeneration> afterTraining = model -> { };

    /** {@code spec} must be valid ({@link RunSpec#validate()} empty); its defaults are applied here. */
    public FineTuningRun(String runId, RunSpec spec, RunInputs inputs, RunOutput output, ProgressSink progress) {
        this.runId = runId;
        this.spec = spec.withDefaults();
        this.inputs = inputs;
        this.output = output;
        this.progress = progress;
    }

    /** A hook for tests: runs on the model right after it is loaded (e.g. to poison a weight). */
    FineTuningRun afterLoad(Consumer<T5ForConditionalGeneration> hook) {
        this.afterLoad = hook;
        return this;
    }

    /** A hook for tests: runs on the trained model (for LoRA the adapted view) before it is closed. */
    FineTuningRun afterTraining(Consumer<T5ForConditionalGeneration> hook) {
        this.afterTraining = hook;
        return this;
    }

    /**
     * Runs (or resumes) the run and reports its outcome to the progress sink. A run that already finished in
     * this output reports its stored outcome again and does nothing else.
     *
     * @throws RunFailedException after reporting the failure (result.json and the sink)
     */
    public RunResult run() {
        Optional<RunOutcome> finished = output.readFile(RunFolderNames.result()).map(RunOutcome::parse);
        if (finished.isPresent()) {
            return finished.get().replay(progress);
        }
        try {
            RunResult result = train();
            output.writeFile(RunFolderNames.result(), RunOutcome.completed(result).toJson());
            progress.completed(result);
            return result;
        } catch (RunFailedException e) {
            fail(e.errorCode(), e.getMessage());
            throw e;
        } catch (BadPromptFileException e) {
            fail("bad-data", e.getMessage());
            throw new RunFailedException("bad-data", e.getMessage(), e);
        } catch (RuntimeException e) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            fail("internal", reason);
            throw new RunFailedException("internal", reason, e);
        }
    }

    private void fail(String errorCode, String reason) {
        String last = lastCheckpoint().map(output::location).orElse(null);
        RunFailure failure = new RunFailure(runId, errorCode, reason, last);
        try {
            output.writeFile(RunFolderNames.result(), RunOutcome.failed(failure).toJson());
        } finally {
            progress.failed(failure);
        }
    }

    private RunResult train() {
        long startNanos = System.nanoTime();
        Optional<String> resumeFrom = lastCheckpoint();
        Path checkpointFolder = resumeFrom.map(output::localCopy).orElse(null);
        boolean lora = RunSpec.METHOD_LORA.equals(spec.method());
        if (checkpointFolder != null && PeftAdapter.isAdapter(checkpointFolder) != lora) {
            throw new RunFailedException("resume-mismatch", "the checkpoint " + resumeFrom.get() + " was made by "
                    + (lora ? "full fine-tuning" : "a LoRA run") + ", the spec asks for method " + spec.method()
                    + ": start a new run");
        }
        // LoRA trains an adapter over the frozen base: a resumed run loads the base again and the adapter from
        // the checkpoint; full fine-tuning continues from the checkpoint's weights.
        Path modelFolder = checkpointFolder == null || lora ? baseModel() : checkpointFolder;
        try (T5ForConditionalGeneration base = T5Checkpoint.load(modelFolder);
                LoraAdapter adapter = lora ? adapter(base, checkpointFolder) : null;
                T5ForConditionalGeneration adapted = adapter == null ? null : base.withAdapter(adapter)) {
            afterLoad.accept(base);
            T5ForConditionalGeneration model = adapted == null ? base : adapted;
            T5Tokenizer tokenizer = model.tokenizer().orElseThrow(() -> new RunFailedException("bad-base-model",
                    "the base model " + spec.baseModel() + " has no tokenizer.json"));
            PromptFileReader reader = new PromptFileReader(tokenizer, spec.maxSourceTokens(), spec.maxTargetTokens(),
                    model.config().eosTokenId());
            PromptSet train = mixture(reader, read(reader, spec.train()));
            PromptSet validation = spec.validation() == null ? null : read(reader, spec.validation());
            PromptSet generalValidation = spec.watchesGeneralValidation() ? PromptSet.concat(spec.validationMixWith()
                    .stream().map(location -> read(reader, location)).toList()) : null;

            List<Seq2SeqExample> trainTokens = train.tokens();
            LengthBucketedBatcher batcher = new LengthBucketedBatcher(spec.batchSize(), spec.seed());
            int stepsPerEpoch = batcher.batchOrder(trainTokens, 0).size() / spec.gradientAccumulation();
            if (stepsPerEpoch == 0) {
                throw new RunFailedException("bad-data", spec.train() + " holds " + train.size() + " examples, too"
                        + " few for " + spec.gradientAccumulation() + " micro-batches of " + spec.batchSize());
            }
            long totalSteps = spec.maxSteps() != null ? spec.maxSteps() : (long) spec.epochs() * stepsPerEpoch;
            TrainingConfig config = TrainingConfig.defaults()
                    .withOptimizer(spec.learningRate(), 0.9, 0.999, 1e-8, spec.weightDecay())
                    .withSchedule(spec.warmupSteps(), (int) totalSteps)
                    .withBatching(spec.batchSize(), spec.gradientAccumulation())
                    .withSeed(spec.seed());
            try (Trainer trainer = new Trainer(model, config, parameters -> optimizer(parameters, config))) {
                TrainerState state = resumeFrom.isPresent()
                        ? resume(checkpointFolder, trainer, train)
                        : new TrainerState(TrainerState.FORMAT_VERSION, runId, spec.optimizer(), 0, totalSteps, 0, 0,
                                0, spec.seed(), train.fingerprint(), 0, 0, 0, Double.NaN, List.of(), 0, List.of());
                progress.started(new RunStarted(runId, totalSteps, state.step(), train.size(),
                        validation == null ? 0 : validation.size(), train.truncatedPrompts()
                                + (validation == null ? 0 : validation.truncatedPrompts()),
                        train.truncatedCompletions() + (validation == null ? 0 : validation.truncatedCompletions()),
                        Engine.getInstance().defaultDevice().toString()));
                Loop loop = new Loop(model, trainer, batcher, train, validation, generalValidation, state);
                loop.evaluateStartingModel();
                loop.run(stepsPerEpoch);
                RunResult result = finish(model, trainer, loop, startNanos, train, validation);
                afterTraining.accept(model);
                return result;
            }
        }
    }

    /** The steps, evaluations and checkpoints of the run; its fields are the state a checkpoint saves. */
    private final class Loop {
        private final T5ForConditionalGeneration model;
        private final Trainer trainer;
        private final LengthBucketedBatcher batcher;
        private final PromptSet train;
        private final PromptSet validation;
        private final PromptSet generalValidation;
        private final List<Seq2SeqExample> trainTokens;
        private TrainerState state;
        private long stepNanos;
        private long stepTokens;
        private final long loopStartNanos = System.nanoTime();
        private final long firstStep;
        private Optional<CheckpointScore> best = Optional.empty();
        private long checkpointBytes;

        Loop(T5ForConditionalGeneration model, Trainer trainer, LengthBucketedBatcher batcher, PromptSet train,
                PromptSet validation, PromptSet generalValidation, TrainerState state) {
            this.model = model;
            this.trainer = trainer;
            this.batcher = batcher;
            this.train = train;
            this.validation = validation;
            this.generalValidation = validation == null ? null : generalValidation;
            this.trainTokens = train.tokens();
            this.state = state;
            this.firstStep = state.step();
        }

        /**
         * A run that watches general-task validation files evaluates the model it starts from (once: a resumed run
         * has it in its state), so that its selection has the reference a checkpoint's forgetting is measured from.
         */
        void evaluateStartingModel() {
            if (generalValidation != null && state.step() == 0 && state.evaluations().isEmpty()) {
                // not a progress event (no step, no training loss): the result reports it as start_general_validation_loss
                evaluate();
            }
        }

        /** How this run chooses its best checkpoint: against the starting model's general loss, if it has one. */
        CheckpointRetention.Selection selection() {
            return state.evaluations().stream().filter(e -> e.step() == 0 && e.generalValidationLoss() != null)
                    .findFirst()
                    .map(e -> new CheckpointRetention.Selection(e.generalValidationLoss(),
                            spec.validationMixTolerance()))
                    .orElse(CheckpointRetention.Selection.BY_VALIDATION);
        }

        void run(int stepsPerEpoch) {
            int epoch = state.epoch();
            List<int[]> order = batcher.batchOrder(trainTokens, epoch);
            int next = state.nextBatch();
            while (state.step() < state.totalSteps()) {
                if (next + spec.gradientAccumulation() > order.size()) {
                    epoch++;
                    order = batcher.batchOrder(trainTokens, epoch);
                    next = 0;
                    continue;
                }
                List<int[]> group = order.subList(next, next + spec.gradientAccumulation());
                next += spec.gradientAccumulation();
                Trainer.StepResult result = step(group);
                long attempts = state.batchGroupsConsumed() + 1;
                if (!result.applied()) {
                    int inARow = state.nonFiniteInARow() + 1;
                    state = withCounters(epoch, next, attempts, inARow, state.skippedSteps() + 1, state.tokensSeen(),
                            state.lastLoss());
                    if (inARow >= spec.maxNonFiniteSteps()) {
                        throw new RunFailedException("non-finite", inARow + " steps in a row with a non-finite loss"
                                + " or gradient; the last at step " + (state.step() + 1) + " (" + result
                                .nonFiniteReason() + ") on examples " + exampleIds(group));
                    }
                    continue;
                }
                state = withCounters(epoch, next, attempts, 0, state.skippedSteps(),
                        state.tokensSeen() + tokens(group), result.loss());
                state = withStep(result.step());
                long step = state.step();
                boolean checkpointDue = spec.checkpointEvery() > 0 && step % spec.checkpointEvery() == 0
                        && step < state.totalSteps();
                boolean evaluationDue = validation != null && (checkpointDue
                        || (spec.evalEvery() > 0 && step % spec.evalEvery() == 0 && step < state.totalSteps()));
                Evaluation evaluation = evaluationDue ? evaluate() : null;
                progress.progress(progressAt(result, evaluation, epoch));
                if (checkpointDue) {
                    saveCheckpoint(RunFolderNames.checkpoint(step), evaluation, false);
                }
                if (evaluation != null && spec.earlyStoppingPatience() > 0
                        && state.evaluationsWithoutImprovement() >= spec.earlyStoppingPatience()) {
                    break;
                }
            }
        }

        /** One optimizer step over a group of batches, its dropout seeded by the attempt number. */
        private Trainer.StepResult step(List<int[]> group) {
            Engine.getInstance().setRandomSeed(dropoutSeed(spec.seed(), state.batchGroupsConsumed()));
            List<Seq2SeqBatch> batches = new ArrayList<>(group.size());
            for (int[] indices : group) {
                List<Seq2SeqExample> members = new ArrayList<>(indices.length);
                for (int index : indices) {
                    members.add(trainTokens.get(index));
                }
                batches.add(Seq2SeqBatch.of(members));
            }
            long start = System.nanoTime();
            Trainer.StepResult result = trainer.step(batches);
            stepNanos += System.nanoTime() - start;
            stepTokens += tokens(group);
            return result;
        }

        /** Encoder plus decoder positions of the padded batches, as {@code ./tuneline model bench} counts them. */
        private long tokens(List<int[]> group) {
            long tokens = 0;
            for (int[] indices : group) {
                int source = 0;
                int target = 0;
                for (int index : indices) {
                    source = Math.max(source, trainTokens.get(index).inputIds().length);
                    target = Math.max(target, trainTokens.get(index).labels().length);
                }
                tokens += (long) indices.length * (source + target);
            }
            return tokens;
        }

        private List<String> exampleIds(List<int[]> group) {
            List<String> ids = new ArrayList<>();
            for (int[] indices : group) {
                for (int index : indices) {
                    ids.add(train.examples().get(index).exampleId());
                }
            }
            return ids;
        }

        private TrainingProgress progressAt(Trainer.StepResult result, Evaluation evaluation, int epoch) {
            double seconds = stepNanos / 1e9;
            double tokensPerSecond = seconds > 0 ? stepTokens / seconds : 0;
            long done = state.step() - firstStep;
            double wallPerStep = (System.nanoTime() - loopStartNanos) / 1e9 / Math.max(1, done);
            long eta = done == 0 ? -1 : Math.round(wallPerStep * (state.totalSteps() - state.step()));
            return new TrainingProgress(runId, state.step(), state.totalSteps(), epoch, result.loss(),
                    evaluation == null ? null : evaluation.validationLoss(), result.learningRate(), tokensPerSecond,
                    eta, evaluation == null ? null : evaluation.generalValidationLoss());
        }

        Evaluation evaluate() {
            double loss = validationLoss(model, validation);
            Double general = generalValidation == null ? null : validationLoss(model, generalValidation);
            List<Evaluation> evaluations = new ArrayList<>(state.evaluations());
            boolean improved = state.evaluations().stream().allMatch(e -> loss < e.validationLoss());
            Evaluation evaluation = new Evaluation(state.step(), loss, general);
            evaluations.add(evaluation);
            state = new TrainerState(state.formatVersion(), runId, state.optimizer(), state.step(), state.totalSteps(),
                    state.epoch(), state.nextBatch(), state.batchGroupsConsumed(), state.seed(),
                    state.trainFingerprint(), state.nonFiniteInARow(), state.skippedSteps(), state.tokensSeen(),
                    state.lastLoss(), List.copyOf(evaluations),
                    improved ? 0 : state.evaluationsWithoutImprovement() + 1, state.checkpoints());
            return evaluation;
        }

        /**
         * Writes weights and trainer state, publishes them, then drops step checkpoints no longer kept. The final
         * model competes for best.json but is not subject to retention (it is always kept).
         */
        void saveCheckpoint(String name, Evaluation evaluation, boolean isFinal) {
            Double validationLoss = evaluation == null ? null : evaluation.validationLoss();
            CheckpointScore saved = new CheckpointScore(name, state.step(), validationLoss,
                    evaluation == null ? null : evaluation.generalValidationLoss());
            CheckpointRetention.Selection selection = selection();
            List<CheckpointScore> checkpoints = new ArrayList<>(state.checkpoints());
            List<CheckpointScore> kept = checkpoints;
            if (!isFinal) {
                checkpoints.removeIf(c -> c.name().equals(name));
                checkpoints.add(saved);
                kept = CheckpointRetention.kept(checkpoints, spec.keepBest(), selection);
                state = withCheckpoints(kept);
            }
            Path folder = output.stagingFolder(name);
            model.adapter().ifPresentOrElse(adapter -> PeftAdapter.save(adapter, folder),
                    () -> T5Checkpoint.save(model, folder));
            if (isFinal) {
                checkpointBytes = folderBytes(folder);
            }
            Path stateFolder = folder.resolve(RunFolderNames.TRAINER_STATE);
            OptimizerStateFiles.save(trainer.optimizer(), stateFolder);
            writeJson(stateFolder.resolve(RunFolderNames.STATE_JSON), state); // last: marks the folder complete
            output.publishFolder(name);
            for (CheckpointScore dropped : checkpoints) {
                if (!kept.contains(dropped)) {
                    output.deleteFolder(dropped.name());
                }
            }
            List<CheckpointScore> candidates = new ArrayList<>(kept);
            if (isFinal) {
                candidates.add(saved);
            }
            best = CheckpointRetention.best(candidates, selection);
            best.ifPresent(b -> output.writeFile(RunFolderNames.bestMarker(), bestMarker(b)));
            progress.checkpointSaved(new CheckpointSaved(runId, state.step(), output.location(name), validationLoss,
                    saved.generalValidationLoss(), best.isPresent() && best.get().name().equals(name)));
        }

        private TrainerState withCounters(int epoch, int next, long attempts, int nonFiniteInARow, long skipped,
                long tokensSeen, double lastLoss) {
            return new TrainerState(state.formatVersion(), runId, state.optimizer(), state.step(), state.totalSteps(),
                    epoch, next, attempts, state.seed(), state.trainFingerprint(), nonFiniteInARow, skipped,
                    tokensSeen, lastLoss, state.evaluations(), state.evaluationsWithoutImprovement(),
                    state.checkpoints());
        }

        private TrainerState withStep(long step) {
            return new TrainerState(state.formatVersion(), runId, state.optimizer(), step, state.totalSteps(),
                    state.epoch(), state.nextBatch(), state.batchGroupsConsumed(), state.seed(),
                    state.trainFingerprint(), state.nonFiniteInARow(), state.skippedSteps(), state.tokensSeen(),
                    state.lastLoss(), state.evaluations(), state.evaluationsWithoutImprovement(), state.checkpoints());
        }

        private TrainerState withCheckpoints(List<CheckpointScore> checkpoints) {
            return new TrainerState(state.formatVersion(), runId, state.optimizer(), state.step(), state.totalSteps(),
                    state.epoch(), state.nextBatch(), state.batchGroupsConsumed(), state.seed(),
                    state.trainFingerprint(), state.nonFiniteInARow(), state.skippedSteps(), state.tokensSeen(),
                    state.lastLoss(), state.evaluations(), state.evaluationsWithoutImprovement(),
                    List.copyOf(checkpoints));
        }
    }

    /** Final evaluation, the final model, the best marker; the result.json is written by {@link #run()}. */
    private RunResult finish(T5ForConditionalGeneration model, Trainer trainer, Loop loop, long startNanos,
            PromptSet train, PromptSet validation) {
        String finalName = RunFolderNames.finalModel();
        Evaluation finalEvaluation = validation == null ? null : loop.evaluate();
        Double finalValidation = finalEvaluation == null ? null : finalEvaluation.validationLoss();
        loop.saveCheckpoint(finalName, finalEvaluation, true);
        TrainerState state = loop.state;
        Optional<CheckpointScore> best = loop.best;
        String bestLocation = output.location(best.map(CheckpointScore::name).orElse(finalName));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("train_loss", state.lastLoss());
        best.ifPresent(b -> metrics.put("best_validation_loss", b.validationLoss()));
        if (finalValidation != null) {
            metrics.put("final_validation_loss", finalValidation);
        }
        best.ifPresent(b -> metrics.put("best_step", (double) b.step()));
        CheckpointRetention.Selection selection = loop.selection();
        if (selection.referenceGeneralLoss() != null) {
            // the trade-off the selection made, for a person reading the result
            metrics.put("start_general_validation_loss", selection.referenceGeneralLoss());
            best.ifPresent(b -> metrics.put("best_general_validation_loss", b.generalValidationLoss()));
            metrics.put("final_general_validation_loss", finalEvaluation.generalValidationLoss());
            metrics.put("general_validation_loss_limit", selection.generalLossLimit());
        }
        metrics.put("train_tokens_per_second", loop.stepNanos > 0 ? loop.stepTokens / (loop.stepNanos / 1e9) : 0.0);
        metrics.put("skipped_steps", (double) state.skippedSteps());
        metrics.put("truncated_prompts", (double) train.truncatedPrompts()
                + (validation == null ? 0 : validation.truncatedPrompts()));
        metrics.put("truncated_completions", (double) train.truncatedCompletions()
                + (validation == null ? 0 : validation.truncatedCompletions()));
        metrics.put("wall_seconds", (System.nanoTime() - startNanos) / 1e9);
        metrics.put("trainable_parameters", (double) parameterCount(model.trainableParameters()));
        metrics.put("model_parameters", (double) parameterCount(model.parameters()));
        metrics.put("checkpoint_bytes", (double) loop.checkpointBytes);
        metrics.put("mix_fraction", spec.mixFraction() == null ? 0.0 : spec.mixFraction());
        if (spec.lora() != null && RunSpec.METHOD_LORA.equals(spec.method())) {
            metrics.put("lora_r", (double) spec.lora().r());
        }
        PeakMemory.residentBytes().ifPresent(bytes -> metrics.put("peak_rss_bytes", (double) bytes));
        return new RunResult(runId, state.step(), state.lastLoss(), bestLocation, output.location(finalName),
                metrics);
    }

    /**
     * The adapter a LoRA run trains: the checkpoint's when resuming (its settings must be the spec's), else a fresh
     * one as PEFT initialises it (A random from the run's seed, B zero: training starts exactly at the base).
     */
    private LoraAdapter adapter(T5ForConditionalGeneration base, Path checkpointFolder) {
        RunSpec.LoraSpec l = spec.lora();
        LoraConfig wanted = new LoraConfig(l.r(), l.alpha(), l.dropout(), l.targetModules(), spec.baseModel());
        if (checkpointFolder == null) {
            try {
                return LoraAdapter.initialize(base.config(), wanted, spec.seed());
            } catch (IllegalArgumentException e) {
                throw new RunFailedException("bad-base-model", e.getMessage(), e);
            }
        }
        LoraAdapter saved = PeftAdapter.load(checkpointFolder, base.config());
        LoraConfig found = saved.config();
        if (found.r() != wanted.r() || found.alpha() != wanted.alpha() || found.dropout() != wanted.dropout()
                || !found.targetModules().equals(wanted.targetModules())) {
            saved.close();
            throw new RunFailedException("resume-mismatch", "the checkpoint's adapter has r " + found.r() + ", alpha "
                    + found.alpha() + ", dropout " + found.dropout() + ", targets " + found.targetModules()
                    + "; the spec asks for r " + wanted.r() + ", alpha " + wanted.alpha() + ", dropout "
                    + wanted.dropout() + ", targets " + wanted.targetModules() + ": start a new run");
        }
        return saved;
    }

    private static long parameterCount(Map<String, NDArray> parameters) {
        return parameters.values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** Bytes of a checkpoint's model files (what serving downloads), without the trainer state. */
    private static long folderBytes(Path folder) {
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** Mean cross-entropy per label token over the whole validation file, without dropout or autograd. */
    static double validationLoss(T5ForConditionalGeneration model, PromptSet validation) {
        List<Seq2SeqExample> examples = new ArrayList<>(validation.tokens());
        examples.sort(Comparator.comparingInt((Seq2SeqExample e) -> e.inputIds().length));
        int batchSize = 16;
        double sum = 0;
        long tokens = 0;
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try {
            for (int from = 0; from < examples.size(); from += batchSize) {
                int to = Math.min(examples.size(), from + batchSize);
                Seq2SeqBatch batch = Seq2SeqBatch.of(examples.subList(from, to));
                try (NDManager manager = model.manager().newSubManager()) {
                    NDArray ids = batch.inputIdsArray(manager);
                    NDArray mask = batch.attentionMaskArray(manager);
                    NDArray labels = batch.labelsArray(manager);
                    int labelTokens = batch.labelTokenCount();
                    sum += (double) model.forward(ids, mask, labels, false).loss().getFloat() * labelTokens;
                    tokens += labelTokens;
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
        return sum / tokens;
    }

    private TrainerState resume(Path checkpoint, Trainer trainer, PromptSet train) {
        Path stateFolder = checkpoint.resolve(RunFolderNames.TRAINER_STATE);
        TrainerState state;
        try {
            state = JSON.readValue(stateFolder.resolve(RunFolderNames.STATE_JSON).toFile(), TrainerState.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trainer state of " + checkpoint, e);
        }
        if (!state.trainFingerprint().equals(train.fingerprint())) {
            throw new RunFailedException("resume-mismatch", "the training data changed since the checkpoint ("
                    + state.trainFingerprint() + " then, " + train.fingerprint() + " now): start a new run");
        }
        if (!state.optimizer().equals(spec.optimizer()) || state.seed() != spec.seed()) {
            throw new RunFailedException("resume-mismatch", "the checkpoint was made with optimizer "
                    + state.optimizer() + " and seed " + state.seed() + ", the spec asks for " + spec.optimizer()
                    + " and " + spec.seed() + ": start a new run");
        }
        OptimizerStateFiles.restore(trainer.optimizer(), stateFolder);
        return state;
    }

    private Optimizer optimizer(Map<String, NDArray> parameters, TrainingConfig config) {
        return "adafactor".equals(spec.optimizer())
                ? new Adafactor(parameters, spec.weightDecay(), AdamW.decayAllButNorms())
                : new AdamW(parameters, config, AdamW.decayAllButNorms());
    }

    private Path baseModel() {
        try {
            return inputs.baseModelFolder(spec.baseModel());
        } catch (IllegalArgumentException e) {
            throw new RunFailedException("bad-base-model", e.getMessage(), e);
        }
    }

    private PromptSet read(PromptFileReader reader, String location) {
        try (InputStream in = inputs.open(location)) {
            return reader.read(location, in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + location, e);
        }
    }

    /** The training set with the spec's general-task examples mixed in (none without {@code mixWith}). */
    private PromptSet mixture(PromptFileReader reader, PromptSet train) {
        if (spec.mixWith() == null || spec.mixWith().isEmpty() || spec.mixFraction() == null) {
            return train;
        }
        PromptSet pool = PromptSet.concat(spec.mixWith().stream().map(location -> read(reader, location)).toList());
        return train.mixedWith(pool, spec.mixFraction(), spec.seed());
    }

    private Optional<String> lastCheckpoint() {
        List<String> folders = output.checkpointFolders();
        return folders.isEmpty() ? Optional.empty() : Optional.of(folders.get(folders.size() - 1));
    }

    /** Dropout seed of a step attempt: one stream per (seed, attempt), so a resumed run draws the same masks. */
    static int dropoutSeed(long seed, long attempt) {
        return Long.hashCode(seed * 0x9E3779B97F4A7C15L + attempt);
    }

    private byte[] bestMarker(CheckpointScore best) {
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("step", best.step());
        marker.put("checkpoint", best.name() + "/");
        marker.put("location", output.location(best.name()));
        marker.put("validationLoss", best.validationLoss());
        if (best.generalValidationLoss() != null) {
            marker.put("generalValidationLoss", best.generalValidationLoss());
        }
        try {
            return JSON.writeValueAsBytes(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeJson(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            JSON.writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

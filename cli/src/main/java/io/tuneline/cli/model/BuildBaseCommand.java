package io.tuneline.cli.model;

import io.tuneline.corpus.pretrain.BaseModelBuilder;
import io.tuneline.corpus.pretrain.BaseModelRecipe;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline model build-base}: reproduces the built-in base model (models/tuneline-t5-mini) from the
 * synthetic corpus: tokenizer, pre-training, quality check.
 */
@Command(name = "build-base", mixinStandardHelpOptions = true,
        description = "Build the built-in base model from the synthetic corpus: tokenizer, pre-training, scores.")
final class BuildBaseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, description = "Checkpoint folder to write (Hugging Face layout).")
    Path out;

    @Option(names = "--seed", description = "Seed of corpus, tokenizer, initialisation and batch order (default: 11).")
    Long seed;

    @Option(names = "--examples", description = "General-task examples to pre-train on (default: 30000).")
    Integer examples;

    @Option(names = "--steps", description = "Optimizer steps (default: 800).")
    Integer steps;

    @Option(names = "--batch-size", description = "Examples per step (default: 16).")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Peak AdamW learning rate (default: 1e-3).")
    Double learningRate;

    @Option(names = "--continue-from", description = "Continue pre-training this checkpoint (its architecture, "
            + "weights and tokenizer) instead of starting from a new tokenizer and random weights.")
    Path continueFrom;

    @Option(names = "--eval-per-task", defaultValue = "40",
            description = "Held-out examples per general task for the final scores (support chats: twice as many).")
    int evalPerTask;

    @Override
    public Integer call() {
        BaseModelRecipe defaults = BaseModelRecipe.defaults();
        BaseModelRecipe recipe = defaults.withRun(seed != null ? seed : defaults.seed(),
                examples != null ? examples : defaults.examples(), steps != null ? steps : defaults.steps());
        if (batchSize != null) {
            recipe = recipe.withBatchSize(batchSize);
        }
        if (learningRate != null) {
            recipe = recipe.withLearningRate(learningRate);
        }
        PrintWriter log = spec.commandLine().getOut();
        BaseModelBuilder.Result result = new BaseModelBuilder(recipe, log).build(out, evalPerTask, continueFrom);
        log.printf("wrote %s (%,d parameters, %d steps in %ds); scores in %s%n", out, result.parameters(),
                result.steps(), result.pretraining().toSeconds(), out.resolve("pretraining.json"));
        log.flush();
        return 0;
    }
}

package io.tuneline.corpus.pretrain;

import io.tuneline.model.config.T5Config;

/**
 * Everything that decides the built-in base model: corpus size and seed, tokenizer size, architecture and
 * pre-training schedule. The same recipe reproduces the same model.
 *
 * @param examples general-task examples generated for pre-training
 * @param tokenizerSupportChats support chats added to the tokenizer's training text (never to the model's)
 * @param vocabularyPieces pieces the tokenizer trainer keeps, besides the 3 specials and 256 byte pieces
 * @param maxInputTokens examples with longer prompts are left out of pre-training
 */
public record BaseModelRecipe(
        long seed,
        int examples,
        int tokenizerSupportChats,
        int vocabularyPieces,
        int dModel,
        int dFf,
        int layers,
        int heads,
        int dKv,
        int steps,
        int batchSize,
        double learningRate,
        int warmupSteps,
        int maxInputTokens,
        int saveEvery) {

    public BaseModelRecipe {
        if (examples < batchSize || steps <= 0 || vocabularyPieces <= 0 || warmupSteps >= steps) {
            throw new IllegalArgumentException("invalid base-model recipe " + this);
        }
    }

    /** The recipe of models/tuneline-t5-mini. */
    public static BaseModelRecipe defaults() {
        return new BaseModelRecipe(11, 30_000, 2_000, 4_000, 256, 512, 4, 4, 64, 800, 16, 1e-3, 80, 320, 100);
    }

    public BaseModelRecipe withRun(long seed, int examples, int steps) {
        return new BaseModelRecipe(seed, examples, tokenizerSupportChats, vocabularyPieces, dModel, dFf, layers,
                heads, dKv, steps, batchSize, learningRate, Math.min(warmupSteps, steps / 10), maxInputTokens,
                saveEvery);
    }

    public BaseModelRecipe withBatchSize(int batchSize) {
        return new BaseModelRecipe(seed, examples, tokenizerSupportChats, vocabularyPieces, dModel, dFf, layers,
                heads, dKv, steps, batchSize, learningRate, warmupSteps, maxInputTokens, saveEvery);
    }

    public BaseModelRecipe withLearningRate(double learningRate) {
        return new BaseModelRecipe(seed, examples, tokenizerSupportChats, vocabularyPieces, dModel, dFf, layers,
                heads, dKv, steps, batchSize, learningRate, warmupSteps, maxInputTokens, saveEvery);
    }

    /**
     * FLAN-T5's architecture (gated GELU, untied head, 32 relative-position buckets up to distance 128) at this
     * size. {@code dropout_rate} 0.1 is what the checkpoint tells fine-tuning runs; pre-training runs at 0.
     */
    public T5Config architecture(int vocabSize) {
        return new T5Config(vocabSize, dModel, dKv, dFf, layers, layers, heads, 32, 128, 0.1f, 1e-6f, 1.0f,
                "gelu_new", true, false, false, 0, 1, 0);
    }
}

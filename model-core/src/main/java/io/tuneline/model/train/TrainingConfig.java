package io.tuneline.model.train;

/**
 * Optimizer and loop settings of a fine-tuning run.
 *
 * @param learningRate peak learning rate, reached after the warm-up
 * @param weightDecay decoupled (AdamW) weight decay
 * @param decayNormWeights whether layer-norm scales are decayed too; Hugging Face's Trainer exempts them
 * @param warmupSteps optimizer steps of linear warm-up from 0
 * @param totalSteps optimizer steps of the run; the rate decays linearly to 0 at this step
 * @param maxGradNorm global gradient-norm clipping threshold; 0 or less disables clipping
 * @param accumulationSteps micro-batches per optimizer step
 * @param batchSize examples per micro-batch
 * @param seed seeds the engine (dropout) and the batch order
 */
public record TrainingConfig(
        double learningRate,
        double beta1,
        double beta2,
        double epsilon,
        double weightDecay,
        boolean decayNormWeights,
        int warmupSteps,
        int totalSteps,
        double maxGradNorm,
        int accumulationSteps,
        int batchSize,
        long seed) {

    public TrainingConfig {
        if (learningRate < 0 || weightDecay < 0 || warmupSteps < 0 || totalSteps <= 0 || accumulationSteps <= 0
                || batchSize <= 0 || beta1 < 0 || beta1 >= 1 || beta2 < 0 || beta2 >= 1 || epsilon <= 0) {
            throw new IllegalArgumentException("invalid training config " + this);
        }
    }

    /** FLAN-T5 fine-tuning defaults: AdamW 3e-4, betas 0.9/0.999, eps 1e-8, decay 0.01, clip 1.0. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(3e-4, 0.9, 0.999, 1e-8, 0.01, false, 0, 1000, 1.0, 1, 8, 42);
    }

    public TrainingConfig withOptimizer(double learningRate, double beta1, double beta2, double epsilon,
            double weightDecay) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, weightDecay, decayNormWeights, warmupSteps,
                totalSteps, maxGradNorm, accumulationSteps, batchSize, seed);
    }

    public TrainingConfig withSchedule(int warmupSteps, int totalSteps) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, weightDecay, decayNormWeights, warmupSteps,
                totalSteps, maxGradNorm, accumulationSteps, batchSize, seed);
    }

    public TrainingConfig withBatching(int batchSize, int accumulationSteps) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, weightDecay, decayNormWeights, warmupSteps,
                totalSteps, maxGradNorm, accumulationSteps, batchSize, seed);
    }

    public TrainingConfig withMaxGradNorm(double maxGradNorm) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, weightDecay, decayNormWeights, warmupSteps,
                totalSteps, maxGradNorm, accumulationSteps, batchSize, seed);
    }

    public TrainingConfig withSeed(long seed) {
        return new TrainingConfig(learningRate, beta1, beta2, epsilon, weightDecay, decayNormWeights, warmupSteps,
                totalSteps, maxGradNorm, accumulationSteps, batchSize, seed);
    }
}

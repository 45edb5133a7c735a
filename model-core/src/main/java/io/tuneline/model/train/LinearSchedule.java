package io.tuneline.model.train;

/**
 * Linear warm-up from 0 to the peak rate, then linear decay to 0 at the last step, like Hugging Face's
 * {@code get_linear_schedule_with_warmup}: the rate of optimizer step {@code k} (0-based) is
 * {@code peak * k / warmup} during warm-up and {@code peak * (total - k) / (total - warmup)} after.
 */
public record LinearSchedule(double peakLearningRate, int warmupSteps, int totalSteps) {

    public LinearSchedule {
        if (warmupSteps < 0 || totalSteps <= 0) {
            throw new IllegalArgumentException("warm-up " + warmupSteps + " / total " + totalSteps);
        }
    }

    /** The rate for the optimizer step that follows {@code completedSteps} earlier steps. */
    public double learningRate(int completedSteps) {
        if (completedSteps < warmupSteps) {
            return peakLearningRate * completedSteps / Math.max(1, warmupSteps);
        }
        double remaining = (double) (totalSteps - completedSteps) / Math.max(1, totalSteps - warmupSteps);
        return peakLearningRate * Math.max(0.0, remaining);
    }
}

package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), matching {@code torch.optim.AdamW}: the weights
 * first shrink by {@code lr * weight_decay}, then move by the bias-corrected moment ratio. The moments live
 * in a sub-manager of the parameters' manager, so the optimizer state survives steps and nothing else does.
 */
public final class AdamW implements AutoCloseable {

    private final Map<String, NDArray> parameters;
    private final Predicate<String> decayed;
    private final NDManager stateManager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private int steps;

    /**
     * @param decayed which parameters (by name) get weight decay
     */
    public AdamW(Map<String, NDArray> parameters, TrainingConfig config, Predicate<String> decayed) {
        this.parameters = parameters;
        this.decayed = decayed;
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
        this.stateManager = parameters.values().iterator().next().getManager().newSubManager();
        parameters.forEach((name, parameter) -> {
            firstMoments.put(name, stateManager.zeros(parameter.getShape(), parameter.getDataType()));
            secondMoments.put(name, stateManager.zeros(parameter.getShape(), parameter.getDataType()));
        });
    }

    /** The decay rule of Hugging Face's Trainer: everything but layer-norm scales. */
    public static Predicate<String> decayAllButNorms() {
        return name -> !name.contains("layer_norm");
    }

    /**
     * Applies one update with the accumulated gradients (multiplied by {@code gradientScale}, e.g. the clipping
     * factor) and zeroes them. Temporary arrays go to {@code stepManager}.
     */
    public void step(double learningRate, float gradientScale, NDManager stepManager) {
        steps++;
        double firstCorrection = 1 - Math.pow(beta1, steps);
        double secondCorrection = Math.sqrt(1 - Math.pow(beta2, steps));
        // The fused kernel computes w -= lr' * m / (sqrt(v) + eps'); with lr' = lr * sqrt(bc2) / bc1 and
        // eps' = eps * sqrt(bc2) this equals torch's w -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps).
        float correctedRate = (float) (learningRate * secondCorrection / firstCorrection);
        float correctedEpsilon = (float) (epsilon * secondCorrection);
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            NDArray parameter = entry.getValue();
            NDArray gradient = parameter.getGradient();
            gradient.attach(stepManager); // the wrapper is created in the parameter's manager
            float decay = decayed.test(entry.getKey()) ? (float) weightDecay : 0f;
            parameter.getNDArrayInternal().adamUpdate(
                    new NDList(parameter, gradient, firstMoments.get(entry.getKey()),
                            secondMoments.get(entry.getKey())),
                    new NDList(parameter),
                    (float) learningRate, correctedRate, decay, gradientScale, -1f,
                    (float) beta1, (float) beta2, correctedEpsilon, false, true);
        }
    }

    /** Optimizer steps taken so far. */
    public int steps() {
        return steps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}

package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), matching {@code torch.optim.AdamW}: the weights
 * first shrink by {@code lr * weight_decay}, then move by the bias-corrected moment ratio. The moments live
 * in a sub-manager of the parameters' manager, so the optimizer state survives steps and nothing else does.
 */
public final class AdamW extends StatefulOptimizer {

    /** Elements per slice of the final update: 4 MiB temporaries. */
    private static final long CHUNK = 1 << 20;

    private final Map<String, NDArray> parameters;
    private final Predicate<String> decayed;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;

    /**
     * @param decayed which parameters (by name) get weight decay
     */
    public AdamW(Map<String, NDArray> parameters, TrainingConfig config, Predicate<String> decayed) {
        super(parameters);
        this.parameters = parameters;
        this.decayed = decayed;
        this.beta1 = config.beta1();
        this.beta2 = config.beta2();
        this.epsilon = config.epsilon();
        this.weightDecay = config.weightDecay();
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
     *
     * <p>Works in place on the moments and on the gradient (which is zeroed afterwards anyway), leaving one
     * temporary per parameter: DJL's fused {@code adamUpdate} clones the gradient and allocates five more
     * parameter-sized arrays, and each 64 MiB one for the vocabulary tables is page-faulted in afresh.
     */
    @Override
    public void step(double learningRate, float gradientScale, NDManager stepManager) {
        steps++;
        double firstCorrection = 1 - Math.pow(beta1, steps);
        double secondCorrection = Math.sqrt(1 - Math.pow(beta2, steps));
        // w -= lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps) equals w -= lr' * m / (sqrt(v) + eps')
        // with lr' = lr * sqrt(bc2) / bc1 and eps' = eps * sqrt(bc2).
        float correctedRate = (float) (learningRate * secondCorrection / firstCorrection);
        float correctedEpsilon = (float) (epsilon * secondCorrection);
        // In-place updates of leaves that require gradients are only allowed with autograd off.
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        // One libtorch thread: waking the second OpenMP thread (passive wait policy) for each of the ~1,500 small
        // in-place ops cost more than it saved; a flan-t5-small update took 0.33 CPU-s (0.23 s wall) on two
        // threads and takes 0.21 (0.17 s) on one.
        int threads = JniUtils.getNumThreads();
        JniUtils.setNumThreads(1);
        try {
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                update(entry.getKey(), entry.getValue(), learningRate, gradientScale, correctedRate,
                        correctedEpsilon, stepManager);
            }
        } finally {
            JniUtils.setNumThreads(threads);
            JniUtils.setGradMode(gradMode);
        }
    }

    private void update(String name, NDArray parameter, double learningRate, float gradientScale,
            float correctedRate, float correctedEpsilon, NDManager stepManager) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(stepManager); // the wrapper is created in the parameter's manager
        NDArray first = firstMoments.get(name);
        NDArray second = secondMoments.get(name);
        if (gradientScale != 1f) {
            gradient.muli(gradientScale);
        }
        // m = b1 m + (1 - b1) g and v = b2 v + (1 - b2) g^2, written as b (m - g) + g to need no temporary.
        first.subi(gradient).muli((float) beta1).addi(gradient);
        NDArray squared = gradient.muli(gradient);
        second.subi(squared).muli((float) beta2).addi(squared);
        if (decayed.test(name) && weightDecay != 0) {
            parameter.muli((float) (1 - learningRate * weightDecay));
        }
        // m / (sqrt(v) + eps') needs temporaries; made chunk by chunk they stay below glibc's mmap threshold
        // and are reused instead of page-faulted in afresh (64 MiB for each vocabulary table otherwise).
        long size = parameter.size();
        try (NDManager chunks = stepManager.newSubManager()) {
            NDArray flatParameter = Scratch.in(chunks, parameter.reshape(-1));
            NDArray flatFirst = Scratch.in(chunks, first.reshape(-1));
            NDArray flatSecond = Scratch.in(chunks, second.reshape(-1));
            for (long from = 0; from < size; from += CHUNK) {
                NDIndex range = new NDIndex("{}:{}", from, Math.min(size, from + CHUNK));
                NDArray denominator = Scratch.in(chunks, flatSecond.get(range).sqrt()).addi(correctedEpsilon);
                NDArray update = Scratch.in(chunks, flatFirst.get(range).div(denominator)).muli(correctedRate);
                flatParameter.get(range).subi(update);
            }
        }
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    @Override
    public String name() {
        return "adamw";
    }

    /** {@code exp_avg.NAME} and {@code exp_avg_sq.NAME}, torch's names for the two moments. */
    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        firstMoments.forEach((name, moment) -> state.put("exp_avg." + name, moment));
        secondMoments.forEach((name, moment) -> state.put("exp_avg_sq." + name, moment));
        return state;
    }
}

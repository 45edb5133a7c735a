package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two steps of our AdamW against torch.optim.AdamW's update rule written out in double precision. */
class AdamWTest {

    @Test
    void followsTorchAdamWWithDecoupledDecayBiasCorrectionAndGradientScale() {
        float[] start = {0.5f, -2f, 1e-3f};
        float[][] gradients = {{0.1f, -3f, 1e-9f}, {-0.2f, 1f, 2e-9f}};
        double lr = 0.01;
        double beta1 = 0.9;
        double beta2 = 0.999;
        double eps = 1e-8;
        double decay = 0.1;
        float scale = 0.5f;
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(lr, beta1, beta2, eps, decay);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray decayed = manager.create(start);
            NDArray notDecayed = manager.create(start);
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("decayed", decayed);
            parameters.put("layer_norm.weight", notDecayed);
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            try (AdamW optimizer = new AdamW(parameters, config, AdamW.decayAllButNorms())) {
                for (float[] gradient : gradients) {
                    try (NDManager step = manager.newSubManager();
                            GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray g = step.create(gradient);
                        collector.backward(decayed.mul(g).sum().add(notDecayed.mul(g).sum()));
                    }
                    try (NDManager step = manager.newSubManager()) {
                        optimizer.step(lr, scale, step);
                    }
                }
            }
            // The third weight has a gradient far below eps: it checks that eps is bias-corrected like torch's.
            assertThat(decayed.toFloatArray()).containsExactly(reference(start, gradients, lr, beta1, beta2, eps,
                    decay, scale), within(1e-6f));
            assertThat(notDecayed.toFloatArray()).containsExactly(reference(start, gradients, lr, beta1, beta2, eps,
                    0, scale), within(1e-6f));
            assertThat(decayed.getGradient().toFloatArray()).as("zeroed after the step").containsOnly(0f);
        }
    }

    private static float[] reference(float[] start, float[][] gradients, double lr, double beta1, double beta2,
            double eps, double decay, float scale) {
        float[] result = new float[start.length];
        for (int i = 0; i < start.length; i++) {
            double p = start[i];
            double m = 0;
            double v = 0;
            for (int t = 1; t <= gradients.length; t++) {
                double g = gradients[t - 1][i] * scale;
                p *= 1 - lr * decay;
                m = beta1 * m + (1 - beta1) * g;
                v = beta2 * v + (1 - beta2) * g * g;
                double denominator = Math.sqrt(v) / Math.sqrt(1 - Math.pow(beta2, t)) + eps;
                p -= lr / (1 - Math.pow(beta1, t)) * m / denominator;
            }
            result[i] = (float) p;
        }
        return result;
    }
}

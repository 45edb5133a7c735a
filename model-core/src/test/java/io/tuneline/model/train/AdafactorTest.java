package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our Adafactor against the published rule (Shazeer and Stern 2018, as HF's {@code Adafactor(scale_parameter=False,
 * relative_step=False, warmup_init=False)} runs it), written out below in plain double arithmetic.
 */
class AdafactorTest {

    private static final int ROWS = 3;
    private static final int COLUMNS = 4;
    private static final int STEPS = 4;

    @Test
    void followsThePublishedRuleForAFactoredMatrixAndAVector() {
        double lr = 0.01;
        double decay = 0.1;
        float scale = 0.5f;
        Random random = new Random(3);
        double[][] matrix = randomMatrix(random, ROWS, COLUMNS, 1.0);
        double[] vector = randomMatrix(random, 1, COLUMNS, 1.0)[0];
        double[][][] matrixGradients = new double[STEPS][][];
        double[][] vectorGradients = new double[STEPS][];
        for (int t = 0; t < STEPS; t++) {
            // Step 2's gradient is large so that the update clipping (rms > 1) is exercised too.
            matrixGradients[t] = randomMatrix(random, ROWS, COLUMNS, t == 1 ? 50.0 : 0.3);
            vectorGradients[t] = randomMatrix(random, 1, COLUMNS, 0.3)[0];
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(toFloat(matrix), new Shape(ROWS, COLUMNS));
            NDArray norm = manager.create(toFloat(new double[][] {vector}), new Shape(COLUMNS));
            Map<String, NDArray> parameters = new LinkedHashMap<>();
            parameters.put("dense.weight", weight);
            parameters.put("layer_norm.weight", norm);
            parameters.values().forEach(p -> p.setRequiresGradient(true));
            try (Adafactor optimizer = new Adafactor(parameters, decay, AdamW.decayAllButNorms())) {
                for (int t = 0; t < STEPS; t++) {
                    backward(manager, weight, norm, matrixGradients[t], vectorGradients[t]);
                    try (NDManager step = manager.newSubManager()) {
                        optimizer.step(lr, scale, step);
                    }
                }
                assertThat(optimizer.steps()).isEqualTo(STEPS);
                assertThat(optimizer.state()).containsOnlyKeys("exp_avg_sq_row.dense.weight",
                        "exp_avg_sq_col.dense.weight", "exp_avg_sq.layer_norm.weight");
                assertThat(optimizer.state().get("exp_avg_sq_row.dense.weight").getShape()).isEqualTo(new Shape(ROWS));
                assertThat(optimizer.state().get("exp_avg_sq_col.dense.weight").getShape())
                        .isEqualTo(new Shape(COLUMNS));
            }
            double[] expectedMatrix = referenceFactored(matrix, matrixGradients, lr, decay, scale);
            double[] expectedVector = referenceUnfactored(vector, vectorGradients, lr, scale);
            assertClose(weight.toFloatArray(), expectedMatrix);
            assertClose(norm.toFloatArray(), expectedVector);
            assertThat(weight.getGradient().toFloatArray()).as("zeroed after the step").containsOnly(0f);
        }
    }

    @Test
    void savedStateRestoredIntoAFreshOptimizerGivesTheSameNextStep(@TempDir Path dir) {
        Random random = new Random(9);
        double[][] start = randomMatrix(random, ROWS, COLUMNS, 1.0);
        double[][][] gradients = {randomMatrix(random, ROWS, COLUMNS, 0.3), randomMatrix(random, ROWS, COLUMNS, 0.3)};
        double[] vectorGradient = new double[COLUMNS];
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray uninterrupted = manager.create(toFloat(start), new Shape(ROWS, COLUMNS));
            NDArray resumed = manager.create(toFloat(start), new Shape(ROWS, COLUMNS));
            NDArray norm = manager.zeros(new Shape(COLUMNS));
            uninterrupted.setRequiresGradient(true);
            resumed.setRequiresGradient(true);
            norm.setRequiresGradient(true);
            try (Adafactor first = new Adafactor(Map.of("w", uninterrupted), 0, name -> true)) {
                for (double[][] gradient : gradients) {
                    backward(manager, uninterrupted, norm, gradient, vectorGradient);
                    try (NDManager step = manager.newSubManager()) {
                        first.step(0.01, 1f, step);
                    }
                }
            }
            try (Adafactor before = new Adafactor(Map.of("w", resumed), 0, name -> true)) {
                backward(manager, resumed, norm, gradients[0], vectorGradient);
                try (NDManager step = manager.newSubManager()) {
                    before.step(0.01, 1f, step);
                }
                OptimizerStateFiles.save(before, dir);
            }
            try (Adafactor after = new Adafactor(Map.of("w", resumed), 0, name -> true)) {
                OptimizerStateFiles.restore(after, dir);
                assertThat(after.steps()).isEqualTo(1);
                backward(manager, resumed, norm, gradients[1], vectorGradient);
                try (NDManager step = manager.newSubManager()) {
                    after.step(0.01, 1f, step);
                }
            }
            assertThat(resumed.toFloatArray()).containsExactly(uninterrupted.toFloatArray());
        }
    }

    /** HF Adafactor's factored branch, one weight matrix, with decoupled weight decay. */
    private static double[] referenceFactored(double[][] start, double[][][] gradients, double lr, double decay,
            float scale) {
        double[][] w = copy(start);
        double[] r = new double[ROWS];
        double[] c = new double[COLUMNS];
        for (int t = 1; t <= gradients.length; t++) {
            double beta2t = 1 - Math.pow(t, -0.8);
            double[][] g = new double[ROWS][COLUMNS];
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLUMNS; j++) {
                    g[i][j] = gradients[t - 1][i][j] * scale;
                }
            }
            for (int i = 0; i < ROWS; i++) {
                double mean = 0;
                for (int j = 0; j < COLUMNS; j++) {
                    mean += (g[i][j] * g[i][j] + 1e-30) / COLUMNS;
                }
                r[i] = beta2t * r[i] + (1 - beta2t) * mean;
            }
            for (int j = 0; j < COLUMNS; j++) {
                double mean = 0;
                for (int i = 0; i < ROWS; i++) {
                    mean += (g[i][j] * g[i][j] + 1e-30) / ROWS;
                }
                c[j] = beta2t * c[j] + (1 - beta2t) * mean;
            }
            double rowMean = 0;
            for (double value : r) {
                rowMean += value / ROWS;
            }
            double[][] u = new double[ROWS][COLUMNS];
            double sumSquares = 0;
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLUMNS; j++) {
                    u[i][j] = g[i][j] / Math.sqrt(r[i] / rowMean) / Math.sqrt(c[j]);
                    sumSquares += u[i][j] * u[i][j];
                }
            }
            double clip = Math.max(1.0, Math.sqrt(sumSquares / (ROWS * COLUMNS)) / 1.0);
            for (int i = 0; i < ROWS; i++) {
                for (int j = 0; j < COLUMNS; j++) {
                    w[i][j] = w[i][j] * (1 - lr * decay) - lr * u[i][j] / clip;
                }
            }
        }
        double[] flat = new double[ROWS * COLUMNS];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(w[i], 0, flat, i * COLUMNS, COLUMNS);
        }
        return flat;
    }

    /** HF Adafactor's unfactored branch for a vector (a layer norm: no weight decay). */
    private static double[] referenceUnfactored(double[] start, double[][] gradients, double lr, float scale) {
        double[] w = start.clone();
        double[] v = new double[w.length];
        for (int t = 1; t <= gradients.length; t++) {
            double beta2t = 1 - Math.pow(t, -0.8);
            double[] u = new double[w.length];
            double sumSquares = 0;
            for (int j = 0; j < w.length; j++) {
                double g = gradients[t - 1][j] * scale;
                v[j] = beta2t * v[j] + (1 - beta2t) * (g * g + 1e-30);
                u[j] = g / Math.sqrt(v[j]);
                sumSquares += u[j] * u[j];
            }
            double clip = Math.max(1.0, Math.sqrt(sumSquares / w.length));
            for (int j = 0; j < w.length; j++) {
                w[j] -= lr * u[j] / clip;
            }
        }
        return w;
    }

    private static void backward(NDManager manager, NDArray weight, NDArray norm, double[][] matrixGradient,
            double[] vectorGradient) {
        try (NDManager step = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray g = step.create(toFloat(matrixGradient), new Shape(ROWS, COLUMNS));
            NDArray h = step.create(toFloat(new double[][] {vectorGradient}), new Shape(COLUMNS));
            collector.backward(weight.mul(g).sum().add(norm.mul(h).sum()));
        }
    }

    private static void assertClose(float[] actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element %d", i)
                    .isCloseTo(expected[i], within(1e-5 * Math.max(1, Math.abs(expected[i]))));
        }
    }

    private static double[][] randomMatrix(Random random, int rows, int columns, double scale) {
        double[][] values = new double[rows][columns];
        for (double[] row : values) {
            for (int j = 0; j < columns; j++) {
                row[j] = random.nextGaussian() * scale;
            }
        }
        return values;
    }

    private static double[][] copy(double[][] values) {
        double[][] copy = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            copy[i] = values[i].clone();
        }
        return copy;
    }

    private static float[] toFloat(double[][] values) {
        float[] flat = new float[values.length * values[0].length];
        for (int i = 0; i < values.length; i++) {
            for (int j = 0; j < values[i].length; j++) {
                flat[i * values[i].length + j] = (float) values[i][j];
            }
        }
        return flat;
    }
}

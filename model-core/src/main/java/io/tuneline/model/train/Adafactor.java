package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Adafactor (Shazeer and Stern 2018) as Hugging Face's {@code Adafactor(scale_parameter=False,
 * relative_step=False, warmup_init=False, beta1=None)} implements it: a fixed (scheduled) learning rate, no first
 * moment, and for every parameter with two or more dimensions a factored second moment — one running mean of
 * the squared gradient per row and one per column instead of a full matrix — which is why it is the usual
 * choice for T5 when memory is tight (flan-t5-base: ~1 MB of optimizer state instead of AdamW's ~2 GB).
 *
 * <p>Per parameter and step t: {@code beta2t = 1 - t^-0.8}; {@code u = g^2 + eps1}; factored:
 * {@code R = beta2t R + (1 - beta2t) mean_cols(u)}, {@code C = beta2t C + (1 - beta2t) mean_rows(u)},
 * {@code update = g / sqrt(R / mean(R)) / sqrt(C)} (outer product); otherwise {@code V = beta2t V + (1 - beta2t) u},
 * {@code update = g / sqrt(V)}; then {@code update /= max(1, rms(update) / clip)}, and
 * {@code w = w (1 - lr decay) - lr update}.
 */
public final class Adafactor extends StatefulOptimizer {

    /** Added to the squared gradient (HF's {@code eps[0]}). */
    public static final double EPSILON_SQUARED_GRADIENT = 1e-30;
    /**
     * HF's {@code eps[1]}: the floor of the parameter scale, used only with {@code scale_parameter=True}, which
     * this implementation does not offer; kept for the record.
     */
    public static final double EPSILON_PARAMETER_SCALE = 1e-3;
    public static final double DECAY_RATE = -0.8;
    public static final double CLIP_THRESHOLD = 1.0;

    private final Map<String, NDArray> parameters;
    private final Predicate<String> decayed;
    private final double weightDecay;
    private final Map<String, NDArray> rowMeans = new LinkedHashMap<>();
    private final Map<String, NDArray> columnMeans = new LinkedHashMap<>();
    private final Map<String, NDArray> fullMeans = new LinkedHashMap<>();

    /**
     * @param weightDecay applied like HF's Adafactor: {@code w -= lr * weightDecay * w} before the update
     * @param decayed which parameters (by name) get weight decay
     */
    public Adafactor(Map<String, NDArray> parameters, double weightDecay, Predicate<String> decayed) {
        super(parameters);
        this.parameters = parameters;
        this.decayed = decayed;
        this.weightDecay = weightDecay;
        parameters.forEach((name, parameter) -> {
            long[] shape = parameter.getShape().getShape();
            if (factored(parameter)) {
                long[] rows = Arrays.copyOf(shape, shape.length - 1);
                long[] columns = shape.clone();
                columns[shape.length - 2] = shape[shape.length - 1];
                columns = Arrays.copyOf(columns, shape.length - 1);
                rowMeans.put(name, stateManager.zeros(new Shape(rows), parameter.getDataType()));
                columnMeans.put(name, stateManager.zeros(new Shape(columns),
                        parameter.getDataType()));
            } else {
                fullMeans.put(name, stateManager.zeros(parameter.getShape(), parameter.getDataType()));
            }
        });
    }

    private static boolean factored(NDArray parameter) {
        return parameter.getShape().dimension() >= 2;
    }

    @Override
    public void step(double learningRate, float gradientScale, NDManager stepManager) {
        steps++;
        float beta2t = (float) (1.0 - Math.pow(steps, DECAY_RATE));
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false); // in-place updates of leaves that require gradients
        try {
            for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
                try (NDManager scratch = stepManager.newSubManager()) {
                    update(entry.getKey(), entry.getValue(), learningRate, gradientScale, beta2t, scratch);
                }
            }
        } finally {
            JniUtils.setGradMode(gradMode);
        }
    }

    private void update(String name, NDArray parameter, double learningRate, float gradientScale, float beta2t,
            NDManager scratch) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(scratch); // the wrapper is created in the parameter's manager
        if (gradientScale != 1f) {
            gradient.muli(gradientScale);
        }
        NDArray squared = Scratch.in(scratch, gradient.square()).addi((float) EPSILON_SQUARED_GRADIENT);
        NDArray update;
        if (factored(parameter)) {
            NDArray rows = rowMeans.get(name);
            NDArray columns = columnMeans.get(name);
            rows.muli(beta2t).addi(Scratch.in(scratch, squared.mean(new int[] {-1})).muli(1f - beta2t));
            columns.muli(beta2t).addi(Scratch.in(scratch, squared.mean(new int[] {-2})).muli(1f - beta2t));
            // HF's _approx_sq_grad: rsqrt(R / mean(R)) as a column vector times rsqrt(C) as a row vector.
            NDArray rowRatio = Scratch.in(scratch, rows.div(Scratch.in(scratch, rows.mean(new int[] {-1}, true))));
            NDArray rowFactor = Scratch.in(scratch, rowRatio.sqrt());
            NDArray columnFactor = Scratch.in(scratch, columns.sqrt());
            update = Scratch.in(scratch, gradient.div(Scratch.in(scratch, rowFactor.expandDims(-1))))
                    .divi(Scratch.in(scratch, columnFactor.expandDims(-2)));
        } else {
            NDArray full = fullMeans.get(name);
            full.muli(beta2t).addi(squared.muli(1f - beta2t));
            update = Scratch.in(scratch, gradient.div(Scratch.in(scratch, full.sqrt())));
        }
        double rms = update.norm().getFloat() / Math.sqrt(update.size());
        double clip = Math.max(1.0, rms / CLIP_THRESHOLD);
        if (decayed.test(name) && weightDecay != 0) {
            parameter.muli((float) (1 - learningRate * weightDecay));
        }
        parameter.subi(update.muli((float) (learningRate / clip)));
        JniUtils.zeroGrad((PtNDArray) parameter);
    }

    @Override
    public String name() {
        return "adafactor";
    }

    /** HF's names: {@code exp_avg_sq_row.NAME}, {@code exp_avg_sq_col.NAME}, {@code exp_avg_sq.NAME}. */
    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> state = new LinkedHashMap<>();
        rowMeans.forEach((name, moment) -> state.put("exp_avg_sq_row." + name, moment));
        columnMeans.forEach((name, moment) -> state.put("exp_avg_sq_col." + name, moment));
        fullMeans.forEach((name, moment) -> state.put("exp_avg_sq." + name, moment));
        return state;
    }
}

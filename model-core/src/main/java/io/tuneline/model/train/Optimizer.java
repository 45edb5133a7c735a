package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * Updates parameters in place from their accumulated gradients and zeroes the gradients. Its state (moments and
 * step count) can be read out and put back, so a resumed run continues with exactly the same updates.
 */
public interface Optimizer extends AutoCloseable {

    /**
     * Applies one update with the accumulated gradients multiplied by {@code gradientScale} (e.g. the clipping
     * factor) and zeroes them. Temporary arrays go to {@code stepManager}.
     */
    void step(double learningRate, float gradientScale, NDManager stepManager);

    /** Optimizer steps taken so far. */
    int steps();

    /** The short name written into saved state ({@code adamw}, {@code adafactor}). */
    String name();

    /** The live state tensors by name (e.g. {@code exp_avg.shared.weight}); read them, do not close them. */
    Map<String, NDArray> state();

    /**
     * Puts saved state back: the step count and every tensor of {@link #state()} (same names and shapes).
     *
     * @throws IllegalArgumentException when a tensor is missing or has another shape
     */
    void restore(int steps, Map<String, NDArray> state);

    @Override
    void close();

    /** Copies saved tensors into the live ones, checking names and shapes. */
    static void copyInto(Map<String, NDArray> live, Map<String, NDArray> saved) {
        for (Map.Entry<String, NDArray> entry : live.entrySet()) {
            NDArray source = saved.get(entry.getKey());
            if (source == null) {
                throw new IllegalArgumentException("saved optimizer state has no tensor " + entry.getKey());
            }
            if (!source.getShape().equals(entry.getValue().getShape())) {
                throw new IllegalArgumentException("saved optimizer tensor " + entry.getKey() + " has shape "
                        + source.getShape() + ", expected " + entry.getValue().getShape());
            }
            entry.getValue().set(source.toType(entry.getValue().getDataType(), false).toByteBuffer());
        }
    }
}

package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;

/**
 * What AdamW and Adafactor share: state tensors in a sub-manager of the parameters' manager (they survive steps,
 * nothing else does) and a step count, both put back by {@link #restore}.
 */
abstract class StatefulOptimizer implements Optimizer {

    protected final NDManager stateManager;
    protected int steps;

    protected StatefulOptimizer(Map<String, NDArray> parameters) {
        this.stateManager = parameters.values().iterator().next().getManager().newSubManager();
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public void restore(int steps, Map<String, NDArray> state) {
        Optimizer.copyInto(state(), state);
        this.steps = steps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}

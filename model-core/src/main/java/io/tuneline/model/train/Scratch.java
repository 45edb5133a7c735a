package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Optimizer temporaries: an op's result lands in its first operand's manager (for a moment, the long-lived
 * optimizer state), so every temporary is moved into the step's manager at once and freed with it.
 */
final class Scratch {

    private Scratch() {
    }

    static NDArray in(NDManager manager, NDArray array) {
        array.attach(manager);
        return array;
    }
}

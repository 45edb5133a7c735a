package io.tuneline.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Collection;

/** Clipping by the global L2 norm of all gradients, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {

    /**
     * @param norm the global gradient norm before clipping
     * @param scale the factor to multiply every gradient by: {@code min(1, maxNorm / (norm + 1e-6))}
     */
    public record Result(float norm, float scale) {
    }

    private GradientClipping() {
    }

    /**
     * Measures the global norm of the parameters' gradients. The norm is read back to the host once per
     * optimizer step: on CPU this costs nothing extra, the trainer reports it, and the scale then rides along
     * in the fused AdamW update instead of an extra pass over every gradient.
     */
    public static Result measure(Collection<NDArray> parameters, double maxNorm, NDManager stepManager) {
        NDList norms = new NDList(parameters.size());
        for (NDArray parameter : parameters) {
            NDArray gradient = parameter.getGradient();
            gradient.attach(stepManager); // the wrapper is created in the parameter's manager
            norms.add(gradient.norm());
        }
        float norm = NDArrays.stack(norms).norm().getFloat();
        float scale = maxNorm > 0 ? (float) Math.min(1.0, maxNorm / (norm + 1e-6)) : 1f;
        return new Result(norm, scale);
    }
}

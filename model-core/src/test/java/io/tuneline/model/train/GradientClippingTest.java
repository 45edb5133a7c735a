package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void measuresTheGlobalNormAndScalesOnlyAboveTheThreshold() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray a = manager.zeros(new Shape(2));
            NDArray b = manager.zeros(new Shape(1));
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                // gradients (3, 4) and (12): global norm 13
                NDArray loss = a.mul(manager.create(new float[] {3f, 4f})).sum()
                        .add(b.mul(manager.create(new float[] {12f})).sum());
                collector.backward(loss);
            }
            try (NDManager step = manager.newSubManager()) {
                GradientClipping.Result clipped = GradientClipping.measure(List.of(a, b), 6.5, step);
                assertThat(clipped.norm()).isCloseTo(13f, within(1e-5f));
                assertThat(clipped.scale()).isCloseTo(0.5f, within(1e-6f));
                assertThat(GradientClipping.measure(List.of(a, b), 100, step).scale()).isEqualTo(1f);
                assertThat(GradientClipping.measure(List.of(a, b), 0, step).scale()).as("disabled").isEqualTo(1f);
            }
        }
    }
}

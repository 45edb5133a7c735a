package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.ForwardOutput;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Parameters track gradients only while a {@link Trainer} is open: inference, even on a thread where libtorch's
 * autograd mode is on (its default in threads DJL did not set up), records no graph.
 */
class NoGraphOutsideTrainerTest {

    @Test
    void inferenceRecordsNoGraphAndOnlyAnOpenTrainerMakesParametersTrainable() throws Exception {
        try (T5ForConditionalGeneration model = T5ForConditionalGeneration.randomlyInitialized(T5Config.tinyShape())) {
            assertThat(model.parameters().values()).noneMatch(NDArray::hasGradient);

            AtomicReference<Boolean> outputTracksGradient = new AtomicReference<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread freshThread = new Thread(() -> {
                try (NDManager step = model.manager().newSubManager()) {
                    NDArray ids = step.create(new long[] {5, 6, 7, 1}, new Shape(1, 4));
                    NDArray mask = step.ones(new Shape(1, 4), ai.djl.ndarray.types.DataType.INT64);
                    NDArray labels = step.create(new long[] {8, 9, 1}, new Shape(1, 3));
                    ForwardOutput output = model.forward(ids, mask, labels, false);
                    outputTracksGradient.set(output.loss().hasGradient() || output.logits().hasGradient());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            freshThread.start();
            freshThread.join();
            assertThat(failure.get()).isNull();
            assertThat(outputTracksGradient.get()).as("a forward pass outside a Trainer tracks gradients").isFalse();

            try (Trainer trainer = new Trainer(model, TrainingConfig.defaults())) {
                assertThat(model.parameters().values()).allMatch(NDArray::hasGradient);
            }
            assertThat(model.parameters().values()).noneMatch(NDArray::hasGradient);
        }
    }
}

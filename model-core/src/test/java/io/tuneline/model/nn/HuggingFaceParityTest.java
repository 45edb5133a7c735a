package io.tuneline.model.nn;

import io.tuneline.model.io.T5Checkpoint;
import static io.tuneline.model.testing.Fixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.model.testing.Fixtures;
import io.tuneline.model.train.AdamW;
import io.tuneline.model.train.TrainingConfig;
import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numerical parity with Hugging Face transformers on every reference checkpoint (dropout off). */
class HuggingFaceParityTest {

    private static final double TOLERANCE = 1e-5;
    private static final double UPDATE_TOLERANCE = 2e-2;

    @ParameterizedTest
    @ValueSource(strings = {Fixtures.FLAN_UNTIED, Fixtures.T5_V1, Fixtures.TIED_NOSCALE})
    void forwardLossGradientsAndAdamWMatchTransformers(String fixture) throws IOException {
        double goldenLoss = new ObjectMapper().readTree(Fixtures.t5(fixture).resolve("golden.json").toFile())
                .get("loss").asDouble();
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(fixture));
                NDManager manager = model.manager().newSubManager()) {
            Map<String, NDArray> golden = Fixtures.goldens(fixture, manager);
            assertThat(model.shiftRight(golden.get("labels")).toLongArray())
                    .containsExactly(golden.get("decoder_input_ids").toLongArray());
            model.setTrainable(true);
            ForwardOutput output;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                output = model.forward(golden.get("input_ids"), golden.get("attention_mask"), golden.get("labels"),
                        false);
                List<ByteBuffer> filler = overwriteReleasedJavaBuffers();
                collector.backward(output.loss());
                Reference.reachabilityFence(filler); // the filled buffers stay allocated through backward
            }
            double hiddenError = relativeError(output.encoderLastHiddenState(),
                    golden.get("encoder_last_hidden_state"));
            double logitsError = relativeError(output.logits(), golden.get("logits"));
            double lossError = Math.abs(output.loss().getFloat() - goldenLoss) / Math.abs(goldenLoss);
            System.out.printf("%s: encoder_last_hidden_state %.2e, logits %.2e, loss %.2e%n", fixture, hiddenError,
                    logitsError, lossError);
            assertThat(hiddenError).isLessThanOrEqualTo(TOLERANCE);
            assertThat(logitsError).isLessThanOrEqualTo(TOLERANCE);
            assertThat(lossError).isLessThanOrEqualTo(TOLERANCE);

            Set<String> gradientNames = golden.keySet().stream().filter(name -> name.startsWith("grad."))
                    .map(name -> name.substring("grad.".length())).collect(Collectors.toCollection(TreeSet::new));
            assertThat(gradientNames).isEqualTo(new TreeSet<>(model.parameters().keySet()));
            double worstGradient = 0;
            String worstName = "";
            for (String name : gradientNames) {
                NDArray gradient = model.parameters().get(name).getGradient();
                gradient.attach(manager);
                double error = relativeError(gradient, golden.get("grad." + name));
                assertThat(error).as("gradient of %s", name).isLessThanOrEqualTo(TOLERANCE);
                if (error >= worstGradient) {
                    worstGradient = error;
                    worstName = name;
                }
            }
            System.out.printf("%s: worst gradient %.2e (%s) over %d parameters%n", fixture, worstGradient, worstName,
                    gradientNames.size());

            Map<String, NDArray> before = new HashMap<>();
            golden.keySet().stream().filter(key -> key.startsWith("after_adamw.")).forEach(key -> {
                String name = key.substring("after_adamw.".length());
                NDArray copy = model.parameters().get(name).duplicate();
                copy.attach(manager);
                before.put(name, copy);
            });
            TrainingConfig adamw = TrainingConfig.defaults().withOptimizer(1e-3, 0.9, 0.999, 1e-8, 0.01);
            AdamW optimizer = new AdamW(model.parameters(), adamw, name -> true);
            try (NDManager step = model.manager().newSubManager()) {
                optimizer.step(1e-3, 1f, step);
            }
            double worstUpdate = 0;
            double worstDelta = 0;
            for (Map.Entry<String, NDArray> entry : golden.entrySet()) {
                if (entry.getKey().startsWith("after_adamw.")) {
                    String name = entry.getKey().substring("after_adamw.".length());
                    double error = relativeError(model.parameters().get(name), entry.getValue());
                    assertThat(error).as("after AdamW %s", name).isLessThanOrEqualTo(1e-3);
                    worstUpdate = Math.max(worstUpdate, error);
                    // The update itself (new - old) against transformers' update: comparing whole parameters
                    // cannot see a wrong step, since one step moves a weight by only ~1e-3 of its size. Where a
                    // gradient is ~1e-8 the first Adam step amplifies float noise, hence 2e-2, which still fails a
                    // skipped tensor (error 1), a 15 % step-size error or a missing weight decay.
                    NDArray ourDelta = model.parameters().get(name).sub(before.get(name));
                    ourDelta.attach(manager);
                    double deltaError = relativeError(ourDelta, entry.getValue().sub(before.get(name)));
                    assertThat(deltaError).as("AdamW update of %s", name).isLessThanOrEqualTo(UPDATE_TOLERANCE);
                    worstDelta = Math.max(worstDelta, deltaError);
                }
            }
            System.out.printf("%s: worst after_adamw %.2e (update step %.2e)%n", fixture, worstUpdate, worstDelta);
            optimizer.close();
        }
    }

    /**
     * Makes a read of freed memory likely to show: lets the garbage collector free the Java buffers DJL has
     * released and fills fresh direct buffers (which the allocator tends to place in the freed memory) with 0xff,
     * a NaN pattern. This is best effort, not a guarantee — whether the allocator reuses those exact addresses is
     * not under the test's control — so the parity assertions after backward are what fails, when it shows.
     */
    private static List<ByteBuffer> overwriteReleasedJavaBuffers() {
        System.gc();
        try {
            Thread.sleep(100); // the cleaner frees direct buffers on its own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ByteBuffer> filler = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(4 + i % 64);
            while (buffer.hasRemaining()) {
                buffer.put((byte) 0xff);
            }
            filler.add(buffer);
        }
        return filler;
    }
}

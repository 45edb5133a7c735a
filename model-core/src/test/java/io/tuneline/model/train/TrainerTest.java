package io.tuneline.model.train;

import io.tuneline.model.io.T5Checkpoint;
import static io.tuneline.model.testing.Fixtures.relativeError;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.testing.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void lossFallsOnAFewFixedExamplesAndTheSameSeedGivesTheSameLosses() {
        List<Seq2SeqExample> examples = examples(8, 312, 11);
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(3e-3, 0.9, 0.999, 1e-8, 0.01)
                .withSchedule(3, 30).withBatching(4, 1).withSeed(5);
        List<Float> first = train(config, examples);
        List<Float> second = train(config, examples);
        assertThat(second).as("same seed, same losses").containsExactlyElementsOf(first);
        double start = (first.get(0) + first.get(1)) / 2;
        double end = (first.get(28) + first.get(29)) / 2;
        System.out.printf("trainer: loss %.3f -> %.3f over 30 steps%n", start, end);
        assertThat(end).isLessThan(start * 0.5);
        assertThat(train(config.withSeed(6), examples)).as("another seed, other dropout").isNotEqualTo(first);
    }

    @Test
    void accumulatingMicroBatchesEqualsOneBigBatch() {
        List<Seq2SeqExample> examples = examples(6, 312, 12);
        // With eps far above every gradient, one AdamW step moves each weight by lr * g / (|g| + eps) ~ g
        // (lr = eps), so comparing the steps compares the accumulated gradients themselves.
        TrainingConfig config = TrainingConfig.defaults().withOptimizer(1e3, 0.9, 0.999, 1e3, 0)
                .withMaxGradNorm(0).withSchedule(0, 10);
        Map<String, NDArray> oneBatch = firstStep(config, List.of(Seq2SeqBatch.of(examples)));
        Map<String, NDArray> microBatches = firstStep(config, List.of(Seq2SeqBatch.of(examples.subList(0, 1)),
                Seq2SeqBatch.of(examples.subList(1, 4)), Seq2SeqBatch.of(examples.subList(4, 6))));
        try (NDManager manager = NDManager.newBaseManager()) {
            double worst = 0;
            for (String name : oneBatch.keySet()) {
                double error = relativeError(microBatches.get(name), oneBatch.get(name));
                assertThat(error).as(name).isLessThanOrEqualTo(1e-5);
                worst = Math.max(worst, error);
            }
            System.out.printf("trainer: accumulation vs one batch, worst step error %.2e%n", worst);
        } finally {
            oneBatch.values().forEach(NDArray::close);
            microBatches.values().forEach(NDArray::close);
        }
    }

    @Test
    void aNonFiniteLossSkipsTheStepWithoutTouchingAnyWeightAndTheNextFiniteStepTrains() {
        List<Seq2SeqBatch> batch = List.of(Seq2SeqBatch.of(examples(4, 312, 13)));
        TrainingConfig config = TrainingConfig.defaults().withSchedule(0, 10).withBatching(4, 1);
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                Trainer trainer = new Trainer(model, config)) {
            NDArray head = model.parameters().get("lm_head.weight");
            float[] original = head.toFloatArray();
            float[] poisoned = original.clone();
            poisoned[7] = Float.NaN;
            head.set(poisoned);
            Map<String, float[]> before = new LinkedHashMap<>();
            model.parameters().forEach((name, p) -> before.put(name, p.toFloatArray()));

            Trainer.StepResult skipped = trainer.step(batch);

            assertThat(skipped.applied()).isFalse();
            assertThat(skipped.nonFiniteReason()).isEqualTo("loss is NaN");
            assertThat(trainer.completedSteps()).as("the schedule does not advance").isZero();
            model.parameters().forEach((name, p) -> {
                assertThat(p.toFloatArray()).as(name + " untouched").containsExactly(before.get(name));
                assertThat(p.getGradient().toFloatArray()).as(name + " gradient dropped").containsOnly(0f);
            });

            head.set(original);
            Trainer.StepResult applied = trainer.step(batch);
            assertThat(applied.applied()).isTrue();
            assertThat(applied.nonFiniteReason()).isNull();
            assertThat(applied.step()).isEqualTo(1);
            assertThat(head.toFloatArray()).isNotEqualTo(original);
        }
    }

    private static List<Float> train(TrainingConfig config, List<Seq2SeqExample> examples) {
        List<Float> losses = new ArrayList<>();
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(Fixtures.FLAN_UNTIED));
                Trainer trainer = new Trainer(model, config)) {
            assertThat(model.config().dropoutRate()).isPositive();
            trainer.train(examples, step -> losses.add(step.loss()));
            assertThat(trainer.completedSteps()).isEqualTo(config.totalSteps());
        }
        return losses;
    }

    /** Weight changes of one optimizer step, in a manager that outlives the model. */
    private static Map<String, NDArray> firstStep(TrainingConfig config, List<Seq2SeqBatch> microBatches) {
        Map<String, NDArray> steps = new LinkedHashMap<>();
        NDManager keeper = NDManager.newBaseManager();
        try (T5ForConditionalGeneration model = T5Checkpoint.load(Fixtures.t5(Fixtures.TIED_NOSCALE));
                Trainer trainer = new Trainer(model, config)) {
            assertThat(model.config().dropoutRate()).isZero();
            Map<String, NDArray> before = new LinkedHashMap<>();
            model.parameters().forEach((name, p) -> before.put(name, p.duplicate()));
            trainer.step(microBatches);
            model.parameters().forEach((name, p) -> {
                NDArray step = p.sub(before.get(name));
                step.attach(keeper);
                steps.put(name, step);
            });
        }
        return steps;
    }

    static List<Seq2SeqExample> examples(int count, int vocab, long seed) {
        return examples(count, vocab, seed, 40);
    }

    /** Random token sequences (seeded) ending with </s>: inputs of 10 to maxInput tokens, labels of 4-12. */
    static List<Seq2SeqExample> examples(int count, int vocab, long seed, int maxInput) {
        Random random = new Random(seed);
        List<Seq2SeqExample> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(new Seq2SeqExample(sequence(random, 10 + random.nextInt(maxInput - 9), vocab),
                    sequence(random, 4 + random.nextInt(9), vocab)));
        }
        return examples;
    }

    private static long[] sequence(Random random, int length, int vocab) {
        long[] ids = new long[length];
        for (int i = 0; i < length - 1; i++) {
            ids[i] = 3 + random.nextInt(vocab - 3);
        }
        ids[length - 1] = 1;
        return ids;
    }
}

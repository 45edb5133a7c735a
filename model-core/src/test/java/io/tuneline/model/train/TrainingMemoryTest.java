package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No array may outlive its step: a long run must not grow the model's arrays or the native memory. */
class TrainingMemoryTest {

    private static final int WARM_UP_STEPS = 200;
    private static final int STEPS = 1000;
    private static final long RSS_GROWTH_LIMIT_KB = 32 * 1024;

    @Test
    void thousandStepsKeepArraysAndResidentMemoryFlat() throws IOException {
        List<Seq2SeqExample> examples = TrainerTest.examples(16, T5Config.tinyShape().vocabSize(), 21);
        TrainingConfig config = TrainingConfig.defaults().withSchedule(10, STEPS).withBatching(4, 2);
        try (T5ForConditionalGeneration model = T5ForConditionalGeneration.randomlyInitialized(T5Config.tinyShape());
                Trainer trainer = new Trainer(model, config)) {
            int arraysBefore = model.manager().getManagedArrays().size();
            long[] rssAfterWarmUp = new long[1];
            trainer.train(examples, step -> {
                if (step.step() == WARM_UP_STEPS) {
                    rssAfterWarmUp[0] = residentKb();
                }
                return true;
            });
            long growth = residentKb() - rssAfterWarmUp[0];
            System.out.printf("memory: %d steps, live arrays %d -> %d, non-heap RSS growth after warm-up %d KiB%n",
                    trainer.completedSteps(), arraysBefore, model.manager().getManagedArrays().size(), growth);
            assertThat(trainer.completedSteps()).isEqualTo(STEPS);
            assertThat(model.manager().getManagedArrays()).hasSize(arraysBefore);
            assertThat(growth).isLessThan(RSS_GROWTH_LIMIT_KB);
        }
    }

    /**
     * Resident memory outside the Java heap: the heap grows with the garbage of 1,000 steps' wrapper objects
     * and is not what this test is about, so it is collected first and its committed size subtracted.
     */
    private static long residentKb() {
        System.gc();
        long heapKb = Runtime.getRuntime().totalMemory() / 1024;
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst().orElseThrow() - heapKb;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/status", e);
        }
    }
}

package io.tuneline.model.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.model.config.T5Config;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No array may outlive its step: a long run must not grow the model's arrays or the native memory. */
class TrainingMemoryTest {

    private static final int STEPS = 1000;
    private static final int WARM_UP_STEPS = 200;
    private static final int SAMPLE_EVERY = 50;
    // Measured growth on a quiet and a busy machine: 2-5 MiB (samples scatter by up to ~35 MiB, hence medians).
    // 16 MiB between the sample windows (~550 steps apart) fails a leak of ~30 KiB per step.
    private static final long GROWTH_LIMIT_KB = 16 * 1024;

    @Test
    void thousandStepsKeepArraysAndResidentMemoryFlat() {
        // batches of 8 x up to 64 tokens: one leaked activation per step would add ~100 KiB, 80 MiB in all
        List<Seq2SeqExample> examples = TrainerTest.examples(32, T5Config.tinyShape().vocabSize(), 21, 64);
        TrainingConfig config = TrainingConfig.defaults().withSchedule(10, STEPS).withBatching(8, 1);
        List<Long> samples = new ArrayList<>();
        try (T5ForConditionalGeneration model = T5ForConditionalGeneration.randomlyInitialized(T5Config.tinyShape());
                Trainer trainer = new Trainer(model, config)) {
            int arraysBefore = model.manager().getManagedArrays().size();
            trainer.train(examples, step -> {
                if (step.step() >= WARM_UP_STEPS && step.step() % SAMPLE_EVERY == 0) {
                    samples.add(nativeResidentKb());
                }
                return true;
            });
            assertThat(trainer.completedSteps()).isEqualTo(STEPS);
            assertThat(model.manager().getManagedArrays()).hasSize(arraysBefore);
            // Medians of the first and last five samples: single samples jump by tens of MiB when the JIT
            // compiler or malloc keep freed memory for a while; a leak raises every later sample.
            long growth = median(samples.subList(samples.size() - 5, samples.size())) - median(samples.subList(0, 5));
            System.out.printf("memory: %d steps, live arrays %d -> %d, native RSS samples %s KiB, growth %d KiB%n",
                    trainer.completedSteps(), arraysBefore, model.manager().getManagedArrays().size(), samples, growth);
            assertThat(growth).isLessThan(GROWTH_LIMIT_KB);
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    /** Resident memory minus the committed Java heap (which grows with the garbage of the steps' wrappers). */
    private static long nativeResidentKb() {
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

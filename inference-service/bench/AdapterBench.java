import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * What serving LoRA adapters on one base costs, on the flan-t5-small shape (random weights, float32, one libtorch
 * thread as the service's decoding thread uses): loading the base vs reading an adapter (what an on-demand load does
 * after the S3 download), and greedy decoding with the base vs with an adapter view (the extra low-rank products).
 * Run from the repository root after {@code ./mvnw -o -q -pl model-core -am compile}:
 *
 * <pre>
 * ./mvnw -o -q -pl model-core dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "model-core/target/classes:$(cat /tmp/cp.txt)" inference-service/bench/AdapterBench.java
 * </pre>
 */
public class AdapterBench {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Engine.getEngine("PyTorch"); // loads libtorch before the first JNI call
        JniUtils.setNumThreads(1);
        Path dir = Files.createTempDirectory("adapter-bench");
        T5Config config = T5Config.flanT5SmallShape();
        try (T5ForConditionalGeneration random = T5ForConditionalGeneration.randomlyInitialized(config)) {
            T5Checkpoint.save(random, dir.resolve("base"));
        }
        long[] time = clock();
        T5ForConditionalGeneration base = T5Checkpoint.load(dir.resolve("base"));
        report("load the base (77M parameters)", time, 1);
        for (int i = 0; i < 8; i++) {
            try (LoraAdapter adapter = LoraAdapter.initialize(config, LoraConfig.t5Defaults(8, 32, 0.05, "base"), i)) {
                PeftAdapter.save(adapter, dir.resolve("adapter-" + i));
                if (i == 0) {
                    System.out.printf("adapter r 8 on q,v: %d parameters, %d bytes on disk%n", adapter.parameterCount(),
                            Files.size(dir.resolve("adapter-0").resolve(PeftAdapter.WEIGHTS)));
                }
            }
        }
        time = clock();
        LoraAdapter[] adapters = new LoraAdapter[8];
        for (int i = 0; i < 8; i++) {
            adapters[i] = PeftAdapter.load(dir.resolve("adapter-" + i), config);
        }
        report("read one adapter (mean of 8)", time, 8);

        Random random = new Random(7);
        long[][] prompts = new long[8][];
        for (int row = 0; row < prompts.length; row++) {
            prompts[row] = new long[128];
            for (int i = 0; i < 127; i++) {
                prompts[row][i] = 3 + random.nextInt(30000);
            }
            prompts[row][127] = 1;
        }
        GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(32).minNewTokens(32).build();
        for (int batch : new int[] {1, 8}) {
            long[][] input = Arrays.copyOf(prompts, batch);
            for (int round = 0; round < 2; round++) { // round 0 warms up
                for (boolean adapted : new boolean[] {false, true}) {
                    T5ForConditionalGeneration model = adapted ? base.withAdapter(adapters[round]) : base;
                    T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
                    Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
                    time = clock();
                    generator.generate(input, greedy);
                    if (round == 1) {
                        report("batch " + batch + ", 128 prompt + 32 new tokens, " + (adapted ? "adapter" : "base"),
                                time, 1);
                    }
                }
            }
        }
        System.out.printf("load average after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static long[] clock() {
        return new long[] {System.nanoTime(), THREADS.getCurrentThreadCpuTime()};
    }

    private static void report(String what, long[] start, int times) {
        double wall = (System.nanoTime() - start[0]) / 1e6 / times;
        double cpu = (THREADS.getCurrentThreadCpuTime() - start[1]) / 1e6 / times;
        System.out.printf("%-60s wall %8.1f ms  calling thread CPU %8.1f ms%n", what, wall, cpu);
    }
}

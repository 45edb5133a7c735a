package io.tuneline.cli.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.train.Seq2SeqBatch;
import io.tuneline.model.train.Seq2SeqExample;
import io.tuneline.model.train.Trainer;
import io.tuneline.model.train.TrainingConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline model bench}: training and generation throughput with random weights, float32, next to the
 * float32 matmul peak measured in the same run. Each figure is the median of the timed steps that ran while
 * other processes used at most 5 % of the machine.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark training (forward + backward + AdamW) and greedy generation with a KV cache.")
final class BenchCommand implements Callable<Integer> {

    static final int BATCH = 8;
    static final int ENCODER_LENGTH = 256;
    static final int DECODER_LENGTH = 64;
    static final int WARMUPS = 2;
    static final double MAX_NOISE = 0.05;

    @Spec
    CommandSpec spec;

    @Option(names = "--shape", defaultValue = "both", description = "small, tiny or both.")
    String shape;

    @Option(names = "--steps", defaultValue = "5", description = "Timed steps per measurement (after 2 warm-ups).")
    int steps;

    @Option(names = "--threads", defaultValue = "2", description = "PyTorch intra-op threads.")
    int threads;

    @Option(names = "--json", description = "Also write the results to this JSON file.")
    Path jsonFile;

    /** Timings of one measurement: the kept (quiet) steps and how many noisy ones were discarded. */
    record Timing(double medianSeconds, int kept, int discarded, double medianNoise) {
    }

    @Override
    public Integer call() throws IOException {
        // Read by DJL's PyTorch engine when it starts, which is below.
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        List<BenchShape> shapes = switch (shape) {
            case "small" -> List.of(BenchShape.SMALL);
            case "tiny" -> List.of(BenchShape.TINY);
            case "both" -> List.of(BenchShape.SMALL, BenchShape.TINY);
            default -> throw new IllegalArgumentException("--shape must be small, tiny or both");
        };
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("batch", BATCH);
        report.put("encoder_length", ENCODER_LENGTH);
        report.put("decoder_length", DECODER_LENGTH);
        report.put("threads", threads);
        report.put("dtype", "float32");
        report.put("timed_steps", steps);
        report.put("warmup_steps", WARMUPS);

        progress("measuring the float32 matmul peak");
        double peakBefore = matmulPeak();
        List<Map<String, Object>> runs = new ArrayList<>();
        for (BenchShape benchShape : shapes) {
            runs.add(run(benchShape));
        }
        progress("measuring the float32 matmul peak again");
        double peakAfter = matmulPeak();
        double peak = Math.max(peakBefore, peakAfter);
        report.put("matmul_peak_gflops", peak / 1e9);
        report.put("matmul_peak_start_gflops", peakBefore / 1e9);
        report.put("matmul_peak_end_gflops", peakAfter / 1e9);
        List<Map<String, Object>> rows = runs.stream().map(row -> withShares(row, peak)).toList();
        report.put("shapes", rows);
        progress(null);
        print(rows, peak);
        if (jsonFile != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(jsonFile.toFile(), report);
        }
        return 0;
    }

    /** The row with each GFLOP/s figure also given as a share of the matmul peak. */
    private static Map<String, Object> withShares(Map<String, Object> row, double peak) {
        Map<String, Object> shared = new LinkedHashMap<>(row);
        shared.put("training_share_of_peak", (double) row.get("training_gflops") * 1e9 / peak);
        shared.put("generation_share_of_peak", (double) row.get("generation_gflops") * 1e9 / peak);
        return shared;
    }

    private Map<String, Object> run(BenchShape benchShape) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("shape", benchShape.name());
        row.put("config", benchShape.config().toString());
        long encoderTokens = (long) BATCH * ENCODER_LENGTH;
        long decoderTokens = (long) BATCH * DECODER_LENGTH;
        SplittableRandom random = new SplittableRandom(17);
        try (T5ForConditionalGeneration model = T5ForConditionalGeneration.randomlyInitialized(benchShape.config())) {
            List<Seq2SeqBatch> batch = List.of(randomBatch(benchShape, random));
            TrainingConfig config = TrainingConfig.defaults().withSchedule(0, 1_000_000);
            Timing training;
            try (Trainer trainer = new Trainer(model, config)) {
                training = time(benchShape.name() + " training", () -> trainer.step(batch));
            }
            model.setTrainable(false);
            row.put("training_tokens_per_s", (encoderTokens + decoderTokens) / training.medianSeconds());
            row.put("training_decoder_tokens_per_s", decoderTokens / training.medianSeconds());
            double trainingFlops = benchShape.flops(6, encoderTokens, decoderTokens) / training.medianSeconds();
            row.put("training_gflops", trainingFlops / 1e9);
            row.put("training_step_s", training.medianSeconds());
            row.put("training_steps_kept", training.kept());
            row.put("training_steps_discarded", training.discarded());
            row.put("training_median_other_cpu", training.medianNoise());

            T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
            Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
            long[][] prompts = new long[BATCH][ENCODER_LENGTH];
            for (long[] prompt : prompts) {
                for (int i = 0; i < prompt.length; i++) {
                    prompt[i] = 2 + random.nextInt(benchShape.config().vocabSize() - 2);
                }
            }
            // Random weights may pick </s> at any point: forbid it so that every run makes exactly 64 tokens.
            GenerationConfig greedy = GenerationConfig.builder().maxNewTokens(DECODER_LENGTH)
                    .minNewTokens(DECODER_LENGTH).build();
            Timing generation = time(benchShape.name() + " generation", () -> generator.generate(prompts, greedy));
            row.put("generation_new_tokens_per_s", decoderTokens / generation.medianSeconds());
            double generationFlops = benchShape.flops(2, encoderTokens, decoderTokens) / generation.medianSeconds();
            row.put("generation_gflops", generationFlops / 1e9);
            row.put("generation_run_s", generation.medianSeconds());
            row.put("generation_runs_kept", generation.kept());
            row.put("generation_runs_discarded", generation.discarded());
            row.put("generation_median_other_cpu", generation.medianNoise());
        }
        return row;
    }

    /**
     * Runs {@code WARMUPS} untimed steps, then timed steps until {@code steps} of them were quiet (other processes
     * at most 5 % of the CPU) or three times as many were tried; returns the median of the quiet ones (of all
     * when none was quiet, which the report shows as discarded = tried).
     */
    private Timing time(String label, Runnable step) {
        for (int i = 0; i < WARMUPS; i++) {
            progress(label + ": warm-up " + (i + 1) + "/" + WARMUPS);
            step.run();
        }
        boolean filter = CpuNoise.available();
        List<Double> quiet = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        List<Double> noise = new ArrayList<>();
        int tried = 0;
        while (quiet.size() < steps && tried < 3 * steps) {
            tried++;
            progress(label + ": step " + tried + " (" + quiet.size() + "/" + steps + " quiet)");
            CpuNoise meter = new CpuNoise();
            if (filter) {
                meter.start();
            }
            long start = System.nanoTime();
            step.run();
            double seconds = (System.nanoTime() - start) / 1e9;
            double otherShare = filter ? meter.otherShare() : 0;
            all.add(seconds);
            noise.add(otherShare);
            if (otherShare <= MAX_NOISE) {
                quiet.add(seconds);
            }
        }
        List<Double> used = quiet.isEmpty() ? all : quiet;
        return new Timing(median(used), quiet.size(), tried - quiet.size(), median(noise));
    }

    /**
     * Best FLOP/s of square float32 matmuls (1024 and 2048) with the benchmark's thread count: the best of 8
     * timed runs each, after 2 untimed ones. Measured at the start and the end of the run, because a busy
     * machine at one of the two moments would understate the peak.
     */
    private static double matmulPeak() {
        double best = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int n : new int[] {1024, 2048}) {
                NDArray a = manager.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
                NDArray b = manager.randomNormal(new ai.djl.ndarray.types.Shape(n, n));
                for (int run = 0; run < 10; run++) {
                    try (NDManager scratch = manager.newSubManager()) {
                        long start = System.nanoTime();
                        NDArray c = a.matMul(b);
                        c.attach(scratch);
                        c.getFloat(0, 0); // forces the result
                        double seconds = (System.nanoTime() - start) / 1e9;
                        if (run >= 2) {
                            best = Math.max(best, 2.0 * n * n * n / seconds);
                        }
                    }
                }
            }
        }
        return best;
    }

    private static Seq2SeqBatch randomBatch(BenchShape shape, SplittableRandom random) {
        List<Seq2SeqExample> examples = new ArrayList<>();
        for (int row = 0; row < BATCH; row++) {
            examples.add(new Seq2SeqExample(randomIds(ENCODER_LENGTH, shape, random),
                    randomIds(DECODER_LENGTH, shape, random)));
        }
        return Seq2SeqBatch.of(examples);
    }

    /** Ids from 2 up, so no token is padding and none ends a sequence early. */
    private static long[] randomIds(int length, BenchShape shape, SplittableRandom random) {
        long[] ids = new long[length];
        for (int i = 0; i < length; i++) {
            ids[i] = 2 + random.nextInt(shape.config().vocabSize() - 2);
        }
        return ids;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** A one-line progress indicator on stderr; null clears it. */
    private void progress(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.print("\r\033[K" + (message == null ? "" : "bench: " + message));
        err.flush();
    }

    private void print(List<Map<String, Object>> rows, double peak) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "tuneline model bench: batch %d, encoder length %d, decoder length %d, float32, "
                + "%d threads, median of %d timed steps after %d warm-ups%n", BATCH, ENCODER_LENGTH, DECODER_LENGTH,
                threads, steps, WARMUPS);
        out.printf(Locale.ROOT, "float32 matmul peak (square 1024 and 2048 matmuls, best of 8 each, at start and "
                + "end): %.1f GFLOP/s%n", peak / 1e9);
        out.println("training tokens = encoder + decoder tokens per step (8 x 256 + 8 x 64 = 2560); "
                + "FLOPs = 6 x weights x tokens (encoder weights on encoder tokens, decoder + lm head on "
                + "decoder tokens); generation FLOPs = 2 x weights x tokens");
        String header = "%-6s %-34s %12s %10s %8s %12s%n";
        out.printf(Locale.ROOT, header, "shape", "measure", "median", "GFLOP/s", "of peak", "kept/noisy");
        String line = "%-6s %-34s %12.1f %10.1f %7.1f%% %7d/%-4d%n";
        for (Map<String, Object> row : rows) {
            String name = (String) row.get("shape");
            out.printf(Locale.ROOT, line, name, "training tokens/s (enc+dec)", row.get("training_tokens_per_s"),
                    row.get("training_gflops"), 100 * (double) row.get("training_share_of_peak"),
                    row.get("training_steps_kept"), row.get("training_steps_discarded"));
            out.printf(Locale.ROOT, "%-6s %-34s %12.1f%n", name, "training decoder tokens/s",
                    row.get("training_decoder_tokens_per_s"));
            out.printf(Locale.ROOT, line, name, "generation new tokens/s (greedy)",
                    row.get("generation_new_tokens_per_s"), row.get("generation_gflops"),
                    100 * (double) row.get("generation_share_of_peak"), row.get("generation_runs_kept"),
                    row.get("generation_runs_discarded"));
        }
        out.flush();
    }
}

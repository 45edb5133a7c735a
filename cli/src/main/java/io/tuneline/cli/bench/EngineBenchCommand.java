package io.tuneline.cli.bench;

import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.serve.BatchingConfig;
import io.tuneline.model.serve.ContinuousBatcher;
import io.tuneline.model.serve.FinishReason;
import io.tuneline.model.serve.TokenSink;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The batching engine alone, in this JVM (no HTTP, no service): closed-loop clients submit summary prompts of
 * synthetic support chats to a {@link ContinuousBatcher} over a checkpoint folder, with batching on (up to
 * {@code --max-batch} rows) and off (one request at a time), and the engine's own timers show where a step's time
 * goes (prefill, decoder steps, cache merges). For profiling the engine; {@code bench serve} measures the service.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Benchmark the continuous-batching engine in process: req/s, tok/s, latency, and where time goes.")
final class EngineBenchCommand implements Callable<Integer> {

    static final String SUMMARY_TEMPLATE =
            "Read the following support chat and summarize it in one or two sentences.\n\n{dialogue}";

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face checkpoint folder "
            + "with tokenizer.json (e.g. models/tuneline-t5-mini or a bench random-checkpoint).")
    Path modelDir;

    @Mixin
    LoadOptions load;

    @Option(names = "--max-batch", defaultValue = "32", description = "Rows per step with batching on (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--threads", defaultValue = "1", description = "libtorch threads of the engine (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--modes", split = ",", defaultValue = "on,off",
            description = "Batching on and/or off (default: ${DEFAULT-VALUE}).")
    List<String> modes;

    record Sample(double latencyMs, double firstTokenMs, int newTokens) {
    }

    @Override
    public Integer call() throws Exception {
        try (T5ForConditionalGeneration t5 = T5Checkpoint.load(modelDir);
             T5Tokenizer tokenizer = T5Tokenizer.load(modelDir.resolve("tokenizer.json"))) {
            T5Seq2SeqModel model = new T5Seq2SeqModel(t5);
            System.out.printf(Locale.ROOT, "engine bench: %s (d_model %d, %d+%d layers, vocab %d), %d new tokens, "
                            + "%d cores, load %s%n", modelDir, t5.config().dModel(), t5.config().numLayers(),
                    t5.config().numDecoderLayers(), t5.config().vocabSize(), load.maxNewTokens,
                    Runtime.getRuntime().availableProcessors(), Load.average());
            System.out.println("(engine CPU: seconds of CPU the engine used, prefill on its prefill thread or, when that "
                    + "one is behind, on its decoding thread, decode and merge on its decoding thread, whatever share "
                    + "of the cores they got)");
            System.out.println("batching clients requests  req/s   new tok/s  p50 ms   p95 ms   p99 ms   TTFT p50  "
                    + "prompt tok  steps  rows/step  CPU: prefill  decode  merge  req/CPU s  load");
            for (String mode : modes) {
                boolean on = mode.equals("on");
                BatchingConfig config = on ? new BatchingConfig(maxBatch, Duration.ofMillis(5), 1024, threads)
                        : BatchingConfig.oneAtATime(1024, threads);
                try (ContinuousBatcher batcher = new ContinuousBatcher("bench", model, model.specialTokens(),
                        config)) {
                    SplittableRandom random = new SplittableRandom(load.seed);
                    runLevel(batcher, tokenizer, 2, 1, random.split()); // warm-up
                    for (int count : load.clients) {
                        ContinuousBatcher.Stats before = batcher.stats();
                        Level level = runLevel(batcher, tokenizer, count, load.requestsPerClient, random.split());
                        report(mode, count, level, batcher.stats().minus(before));
                    }
                }
            }
        }
        return 0;
    }

    record Level(List<Sample> samples, double seconds, long promptTokens) {
    }

    private Level runLevel(ContinuousBatcher batcher, T5Tokenizer tokenizer, int count, int perClient,
                           SplittableRandom random) throws Exception {
        List<long[]> prompts = new ArrayList<>();
        long promptTokens = 0;
        for (int i = 0; i < count * perClient; i++) {
            long[] ids = tokenizer.encode(SUMMARY_TEMPLATE.replace("{dialogue}", SupportChats.next(random)));
            prompts.add(ids);
            promptTokens += ids.length;
        }
        GenerationConfig generation = GenerationConfig.builder().maxNewTokens(load.maxNewTokens).build();
        ClosedLoopClients.Level<Sample> level = ClosedLoopClients.run(prompts, count,
                prompt -> generate(batcher, prompt, generation));
        return new Level(level.samples(), level.seconds(), promptTokens);
    }

    private static Sample generate(ContinuousBatcher batcher, long[] prompt, GenerationConfig generation)
            throws Exception {
        long started = System.nanoTime();
        CompletableFuture<Sample> done = new CompletableFuture<>();
        batcher.submit(prompt, generation, Long.MAX_VALUE, new TokenSink() {
            long firstToken;

            @Override
            public void onToken(long token) {
                if (firstToken == 0) {
                    firstToken = System.nanoTime();
                }
            }

            @Override
            public void onFinished(long[] tokens, FinishReason reason) {
                long now = System.nanoTime();
                done.complete(new Sample((now - started) / 1e6, (firstToken - started) / 1e6, tokens.length));
            }

            @Override
            public void onFailed(RuntimeException error) {
                done.completeExceptionally(error);
            }
        });
        return done.get();
    }

    private static void report(String mode, int count, Level level, ContinuousBatcher.Stats stats) {
        double[] latency = level.samples().stream().mapToDouble(Sample::latencyMs).sorted().toArray();
        double[] ttft = level.samples().stream().mapToDouble(Sample::firstTokenMs).sorted().toArray();
        long tokens = level.samples().stream().mapToLong(Sample::newTokens).sum();
        double cpuSeconds = (stats.prefillNanos() + stats.decodeNanos() + stats.mergeNanos()) / 1e9;
        System.out.printf(Locale.ROOT, "%-8s %7d  %8d  %6.2f  %9.1f  %7.0f  %7.0f  %7.0f  %8.0f  %10.0f  %5d  %9.1f"
                        + "  %12.2f  %6.2f  %5.2f  %9.2f  %s%n", mode, count, level.samples().size(),
                level.samples().size() / level.seconds(), tokens / level.seconds(), Percentiles.of(latency, 50),
                Percentiles.of(latency, 95), Percentiles.of(latency, 99), Percentiles.of(ttft, 50),
                (double) level.promptTokens() / level.samples().size(), stats.decodeSteps(),
                stats.decodeSteps() == 0 ? 0 : (double) stats.decodedRows() / stats.decodeSteps(),
                stats.prefillNanos() / 1e9, stats.decodeNanos() / 1e9, stats.mergeNanos() / 1e9,
                level.samples().size() / cpuSeconds, Load.average());
    }
}

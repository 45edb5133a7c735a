package io.tuneline.model.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.ScriptedModel;
import io.tuneline.model.generate.Seq2SeqModel;
import io.tuneline.model.generate.SpecialTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The engine's scheduling against a scripted model: no weights, every row's logits depend only on its own past. */
class ContinuousBatcherTest {

    private static final int VOCAB = 12;
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    @Test
    void requestsJoiningAndLeavingARunningBatchGetWhatTheyGetAlone() {
        ScriptedModel model = ScriptedModel.hashed(VOCAB, 1);
        List<long[]> prompts = new ArrayList<>();
        List<GenerationConfig> configs = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 12; i++) {
            // The first four are as long as each other: admitted together, they are encoded as one group.
            prompts.add(random.longs(i < 4 ? 5 : 2 + random.nextInt(6), 2, VOCAB).toArray());
            GenerationConfig.Builder builder = GenerationConfig.builder().maxNewTokens(3 + random.nextInt(12));
            if (i % 3 == 1) {
                builder.doSample(true).seed(i).topK(5).temperature(0.7);
            } else if (i % 3 == 2) {
                builder.noRepeatNgramSize(2).minNewTokens(2);
            }
            configs.add(builder.build());
        }
        List<CollectingSink> sinks = new ArrayList<>();
        int stepsBefore;
        // The idle engine starts once four requests are queued (a long max wait), so that the first batch is full
        // however the submits interleave with the engine's two threads; later ones join as rows leave.
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", model, SpecialTokens.T5,
                new BatchingConfig(4, Duration.ofMinutes(1), 100, 0))) {
            for (int i = 0; i < prompts.size(); i++) {
                CollectingSink sink = new CollectingSink();
                batcher.submit(prompts.get(i), configs.get(i), NO_DEADLINE, sink);
                sinks.add(sink);
            }
            sinks.forEach(CollectingSink::await);
            stepsBefore = model.stepsRun;
        }

        int aloneTokens = 0;
        int shortestOfFirstFour = Integer.MAX_VALUE;
        Generator alone = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5);
        for (int i = 0; i < prompts.size(); i++) {
            long[] expected = alone.generate(new long[][] {prompts.get(i)}, configs.get(i))[0];
            CollectingSink.Result result = sinks.get(i).await();
            assertThat(result.tokens()).as("request %d", i).containsExactly(Arrays.copyOfRange(expected, 1,
                    expected.length));
            assertThat(result.streamed()).isEqualTo(CollectingSink.boxed(result.tokens()));
            assertThat(result.reason()).isIn(FinishReason.EOS, FinishReason.LENGTH);
            aloneTokens += expected.length - 1;
            if (i < 4) {
                shortestOfFirstFour = Math.min(shortestOfFirstFour, expected.length - 1);
            }
        }
        // Shared steps, counted so that no thread schedule can break the bound: the first four join the empty batch
        // together (one group) and decode in the same calls until the first of them ends, so at least three rows
        // per call ride along in that many calls, whenever the later requests join. Generating one request at a
        // time takes one call per token (aloneTokens). How many calls the joins save depends on how fast newcomers
        // are handed between the engine's two threads, so it is not asserted.
        assertThat(stepsBefore).isLessThanOrEqualTo(aloneTokens - 3 * shortestOfFirstFour);
    }

    /**
     * Sixteen newcomers at once make two groups of eight to encode and no row runs yet: the decoding thread encodes
     * one of them itself instead of idling while the prefill thread encodes both, and every output stays as alone.
     * The prefill thread holds its group until the decoding thread has encoded one (for at most 30 s, so that an
     * engine that never does fails the assertion instead of hanging).
     */
    @Test
    void anIdleDecodingThreadEncodesAWaitingGroupItself() {
        ScriptedModel scripted = ScriptedModel.hashed(VOCAB, 1);
        List<String> encodedOn = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch encodedByDecodingThread = new CountDownLatch(1);
        Seq2SeqModel model = new Seq2SeqModel() {
            @Override
            public int vocabSize() {
                return scripted.vocabSize();
            }

            @Override
            public DecodingSession startDecoding(long[][] prompts, int copiesPerPrompt) {
                String thread = Thread.currentThread().getName();
                encodedOn.add(thread);
                if (thread.endsWith("-prefill")) {
                    try {
                        encodedByDecodingThread.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    encodedByDecodingThread.countDown();
                }
                synchronized (scripted) { // the scripted model is not made for two threads
                    return scripted.startDecoding(prompts, copiesPerPrompt);
                }
            }
        };
        GenerationConfig config = GenerationConfig.builder().maxNewTokens(6).build();
        List<long[]> prompts = new ArrayList<>();
        List<CollectingSink> sinks = new ArrayList<>();
        // The idle engine waits (up to a minute) until all 16 are queued, so they are admitted together.
        try (ContinuousBatcher batcher = new ContinuousBatcher("idle", model, SpecialTokens.T5,
                new BatchingConfig(16, Duration.ofMinutes(1), 100, 0))) {
            for (int i = 0; i < 16; i++) {
                long[] prompt = {2 + i % 9, 3 + i % 7, 1};
                prompts.add(prompt);
                CollectingSink sink = new CollectingSink();
                batcher.submit(prompt, config, NO_DEADLINE, sink);
                sinks.add(sink);
            }
            sinks.forEach(CollectingSink::await);
        }

        assertThat(encodedOn).hasSize(2).contains("idle");
        Generator alone = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5);
        for (int i = 0; i < prompts.size(); i++) {
            long[] expected = alone.generate(new long[][] {prompts.get(i)}, config)[0];
            assertThat(sinks.get(i).await().tokens()).as("request %d", i)
                    .containsExactly(Arrays.copyOfRange(expected, 1, expected.length));
        }
    }

    @Test
    void finishedRowsAreReplacedByRowsFromTheEndSoThatOnlyThoseMove() {
        // rows 1 and 3 of 6 finished: rows 5 and 4 move into their slots, 0 and 2 stay
        assertThat(ContinuousBatcher.compaction(new boolean[] {true, false, true, false, true, true}, 4))
                .containsExactly(0, 5, 2, 4);
        // the last rows finished: nothing moves
        assertThat(ContinuousBatcher.compaction(new boolean[] {true, true, false, false}, 2)).containsExactly(0, 1);
        assertThat(ContinuousBatcher.compaction(new boolean[] {false, false, true}, 1)).containsExactly(2);
        assertThat(ContinuousBatcher.compaction(new boolean[] {false, false}, 0)).isEmpty();
    }

    @Test
    void newcomersDecodeTheirFirstTokenInTheSharedStep() {
        ScriptedModel model = ScriptedModel.hashed(VOCAB, 0);
        List<CollectingSink> sinks = new ArrayList<>();
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", model, SpecialTokens.T5,
                new BatchingConfig(4, Duration.ofSeconds(10), 10, 0))) { // waits until all four are queued
            for (int i = 0; i < 4; i++) {
                CollectingSink sink = new CollectingSink();
                batcher.submit(new long[] {3 + i, 1}, GenerationConfig.greedy(5), NO_DEADLINE, sink);
                sinks.add(sink);
            }
            sinks.forEach(CollectingSink::await);
            long tokens = sinks.stream().mapToLong(sink -> sink.await().tokens().length).max().orElseThrow();
            // one decoder call per token of the longest request: no separate first-token pass per prefill
            assertThat(model.stepsRun).isEqualTo((int) tokens);
            assertThat(batcher.stats().decodedRows()).isEqualTo(
                    sinks.stream().mapToLong(sink -> sink.await().tokens().length).sum());
        }
    }

    @Test
    void beamSearchRunsAloneAndEqualsTheGenerator() {
        long[] prompt = {3, 4, 5, 1};
        GenerationConfig beams = GenerationConfig.builder().numBeams(3).maxNewTokens(8).lengthPenalty(0.8).build();
        CollectingSink greedy = new CollectingSink();
        CollectingSink beam = new CollectingSink();
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", ScriptedModel.hashed(VOCAB, 1),
                SpecialTokens.T5, new BatchingConfig(4, Duration.ZERO, 10, 0))) {
            batcher.submit(prompt, GenerationConfig.greedy(8), NO_DEADLINE, greedy);
            batcher.submit(prompt, beams, NO_DEADLINE, beam);
            long[] expected = new Generator(ScriptedModel.hashed(VOCAB, 1), SpecialTokens.T5)
                    .generate(new long[][] {prompt}, beams)[0];
            long[] trimmed = Arrays.copyOfRange(expected, 1, expected.length);
            int length = trimmed.length;
            while (length > 0 && trimmed[length - 1] == 0) {
                length--;
            }
            assertThat(beam.await().tokens()).containsExactly(Arrays.copyOf(trimmed, length));
            assertThat(greedy.await().reason()).isIn(FinishReason.EOS, FinishReason.LENGTH);
        }
    }

    @Test
    void aCancelledRequestLeavesAndTheOthersFinish() throws InterruptedException {
        CountDownLatch firstToken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // Slow scripted steps, so that the cancel lands mid-generation; never ends with </s>.
        ScriptedModel slow = new ScriptedModel(VOCAB, (prompt, decoded) -> {
            if (decoded.length == 3) {
                firstToken.countDown();
                await(release);
            }
            float[] logits = new float[VOCAB];
            logits[2 + (int) (decoded.length % 5)] = 5;
            return logits;
        });
        CollectingSink cancelled = new CollectingSink();
        CollectingSink kept = new CollectingSink();
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", slow, SpecialTokens.T5,
                new BatchingConfig(2, Duration.ofMillis(200), 10, 0))) {
            ContinuousBatcher.Ticket ticket = batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(30),
                    NO_DEADLINE, cancelled);
            batcher.submit(new long[] {6, 1}, GenerationConfig.greedy(30), NO_DEADLINE, kept);
            assertThat(firstToken.await(30, TimeUnit.SECONDS)).isTrue();
            ticket.cancel();
            release.countDown();
            assertThat(cancelled.await().reason()).isEqualTo(FinishReason.CANCELLED);
            assertThat(cancelled.await().tokens().length).isLessThan(30);
            assertThat(kept.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(kept.await().tokens()).hasSize(30);
        }
    }

    @Test
    void aFullQueueRefusesAndAnExpiredRequestTimesOut() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedModel blocked = new ScriptedModel(VOCAB, (prompt, decoded) -> {
            await(release);
            float[] logits = new float[VOCAB];
            logits[1] = 5;
            return logits;
        });
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", blocked, SpecialTokens.T5,
                new BatchingConfig(1, Duration.ZERO, 2, 0))) {
            CollectingSink running = new CollectingSink();
            batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(4), NO_DEADLINE, running);
            waitUntil(() -> batcher.queueDepth() == 0); // taken by the engine, blocked in its first step
            CollectingSink expired = new CollectingSink();
            batcher.submit(new long[] {6, 1}, GenerationConfig.greedy(4), System.nanoTime(), expired);
            batcher.submit(new long[] {7, 1}, GenerationConfig.greedy(4), NO_DEADLINE, new CollectingSink());
            assertThatThrownBy(() -> batcher.submit(new long[] {8, 1}, GenerationConfig.greedy(4), NO_DEADLINE,
                    new CollectingSink())).isInstanceOf(QueueFullException.class);
            release.countDown();
            assertThat(running.await().reason()).isEqualTo(FinishReason.EOS);
            assertThat(expired.await().reason()).isEqualTo(FinishReason.TIMEOUT);
        }
    }

    @Test
    void aShutDownEngineRefusesNewRequestsButServesAcceptedOnes() throws InterruptedException {
        ContinuousBatcher batcher = new ContinuousBatcher("test", ScriptedModel.hashed(VOCAB, 0), SpecialTokens.T5,
                new BatchingConfig(2, Duration.ZERO, 10, 0));
        CollectingSink accepted = new CollectingSink();
        batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(6), NO_DEADLINE, accepted);
        batcher.shutdown();
        assertThatThrownBy(() -> batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(6), NO_DEADLINE,
                new CollectingSink())).isInstanceOf(QueueFullException.class);
        assertThat(batcher.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(accepted.await().reason()).isIn(FinishReason.EOS, FinishReason.LENGTH);
    }

    @Test
    void newcomersAreEncodedWhileTheRunningRowsKeepDecoding() throws InterruptedException {
        CountDownLatch encodingStarted = new CountDownLatch(1);
        CountDownLatch releaseEncoding = new CountDownLatch(1);
        CollectingSink running = new CollectingSink();
        CollectingSink newcomer = new CollectingSink();
        AtomicInteger tokensWhenEncodingStarted = new AtomicInteger(-1);
        Seq2SeqModel model = withEncoderHook(neverEnding(Duration.ofMillis(20)), prompts -> {
            if (prompts[0][0] == 9) {
                tokensWhenEncodingStarted.set(running.streamed().size());
                encodingStarted.countDown();
                await(releaseEncoding);
            }
        });
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", model, SpecialTokens.T5,
                new BatchingConfig(4, Duration.ZERO, 10, 0))) {
            batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(50), NO_DEADLINE, running);
            waitUntil(() -> running.streamed().size() > 0);
            batcher.submit(new long[] {9, 1}, GenerationConfig.greedy(5), NO_DEADLINE, newcomer);
            assertThat(encodingStarted.await(30, TimeUnit.SECONDS)).isTrue();

            // the newcomer's encoding began mid-generation and is still blocked, yet the running request decodes
            // to its end (an engine that encodes on its decoding thread would wait here for the encoder)
            assertThat(tokensWhenEncodingStarted.get()).isBetween(1, 49);
            assertThat(running.await().tokens()).hasSize(50);
            assertThat(newcomer.result).isNotDone();
            releaseEncoding.countDown();
            assertThat(newcomer.await().tokens()).hasSize(5);
        } finally {
            releaseEncoding.countDown();
        }
    }

    @Test
    void aFailedEncodingFailsOnlyItsOwnRequests() throws InterruptedException {
        AtomicInteger tokensWhenEncodingFailed = new AtomicInteger(-1);
        CollectingSink running = new CollectingSink();
        Seq2SeqModel model = withEncoderHook(neverEnding(Duration.ofMillis(20)), prompts -> {
            if (prompts[0][0] == 9) {
                tokensWhenEncodingFailed.set(running.streamed().size());
                throw new IllegalStateException("encoder broke");
            }
        });
        CollectingSink broken = new CollectingSink();
        try (ContinuousBatcher batcher = new ContinuousBatcher("test", model, SpecialTokens.T5,
                new BatchingConfig(4, Duration.ZERO, 10, 0))) {
            batcher.submit(new long[] {5, 1}, GenerationConfig.greedy(30), NO_DEADLINE, running);
            waitUntil(() -> running.streamed().size() > 0);
            batcher.submit(new long[] {9, 1}, GenerationConfig.greedy(5), NO_DEADLINE, broken);

            assertThatThrownBy(broken::await).hasStackTraceContaining("encoder broke");
            assertThat(tokensWhenEncodingFailed.get()).isBetween(1, 29); // it failed while the other one ran
            assertThat(running.await().reason()).isEqualTo(FinishReason.LENGTH);
            assertThat(running.await().tokens()).hasSize(30);
            // the engine still serves
            CollectingSink after = new CollectingSink();
            batcher.submit(new long[] {6, 1}, GenerationConfig.greedy(3), NO_DEADLINE, after);
            assertThat(after.await().tokens()).hasSize(3);
        }
    }

    /** A scripted model that never writes {@code </s>} (every request runs to its length), {@code step} per row. */
    private static ScriptedModel neverEnding(Duration step) {
        return new ScriptedModel(VOCAB, (prompt, decoded) -> {
            try {
                Thread.sleep(step.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            float[] logits = new float[VOCAB];
            logits[2 + (int) (decoded.length % 5)] = 5;
            return logits;
        });
    }

    /** {@code model} with {@code beforeEncoding} called with the prompts of every encoder pass (on its thread). */
    private static Seq2SeqModel withEncoderHook(ScriptedModel model, Consumer<long[][]> beforeEncoding) {
        return new Seq2SeqModel() {
            @Override
            public int vocabSize() {
                return model.vocabSize();
            }

            @Override
            public DecodingSession startDecoding(long[][] prompts, int copiesPerPrompt) {
                beforeEncoding.accept(prompts);
                return model.startDecoding(prompts, copiesPerPrompt);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean() && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }
}

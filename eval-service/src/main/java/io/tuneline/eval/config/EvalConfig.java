package io.tuneline.eval.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** eval-service's own settings ({@code tuneline.eval.*}): the gate's rules, generation, the forgetting suite. */
@ConfigMapping(prefix = "tuneline.eval")
public interface EvalConfig {

    /** Where downloaded model folders are kept between evaluations (one folder per S3 location). */
    @WithDefault("${java.io.tmpdir}/tuneline-eval-models")
    Path cacheDir();

    Gate gate();

    /**
     * The base model's in-context baselines on the test split: shot counts, e.g. {@code 0,1,3}; examples come from
     * the run's training split, as many as fit {@code max-input-tokens}. {@code 0} alone means zero-shot only.
     */
    @WithDefault("0")
    List<Integer> baseShots();

    /** The model's input limit few-shot prompts are packed into (FLAN-T5: 512). */
    @WithDefault("512")
    int maxInputTokens();

    /** ROUGE with Porter stemming, as Hugging Face {@code evaluate}'s {@code use_stemmer=True}. */
    @WithDefault("true")
    boolean useStemmer();

    Generation generation();

    Bootstrap bootstrap();

    /** Held-out general tasks scored before and after fine-tuning; empty means no forgetting check. */
    List<HeldOutTask> forgettingSuite();

    Lease lease();

    /** The lease that lets one instance at a time evaluate a run (see {@code EvaluationLeases}). */
    interface Lease {
        /** How long a lease lives without a renewal: how long a dead holder's run waits before another takes it. */
        @WithDefault("PT1M")
        Duration ttl();

        /**
         * How long a claim waits before it reads the lease back. A claim whose own read-to-write took longer does
         * not count, so two claims cannot both win; it must exceed the slowest small PUT to the object store.
         */
        @WithDefault("PT2S")
        Duration settle();

        /** How often an instance waiting for another one's lease looks again. */
        @WithDefault("PT5S")
        Duration poll();
    }

    interface Gate {
        /** The metric a candidate must improve: rouge1, rouge2, rougeL, rougeLsum or exactMatch. */
        @WithDefault("rougeL")
        String targetMetric();

        /** The smallest improvement of the target metric's mean (absolute, e.g. 0.01 ROUGE-L) that promotes. */
        @WithDefault("0.0")
        double margin();

        /**
         * A held-out task is forgotten when its drop relative to the base model's score is beyond this tolerance with
         * confidence: the whole interval of its change lies below {@code −tolerance} (0.05 = 5 %).
         */
        @WithDefault("0.05")
        double forgettingTolerance();

        /** The largest drop of the held-out suite's summed score, relative to the base model's, that still promotes. */
        @WithDefault("0.05")
        double suiteTolerance();

        /** Promote automatically when the gate passes; when false every decision waits for a person (REST). */
        @WithDefault("true")
        boolean autoPromote();
    }

    interface Generation {
        @WithDefault("64")
        int maxNewTokens();

        @WithDefault("1")
        int numBeams();

        /** Prompts generated together (KV-cached, padded to the longest in the batch). */
        @WithDefault("8")
        int batchSize();
    }

    interface Bootstrap {
        @WithDefault("1000")
        int samples();

        @WithDefault("0.95")
        double confidence();

        @WithDefault("42")
        long seed();
    }

    /** One held-out task: a prompts file in S3 ({@code prompt}, {@code completion} per line) and its metric. */
    interface HeldOutTask {
        String name();

        /** {@code s3://bucket/key.jsonl} */
        String location();

        @WithDefault("exactMatch")
        String metric();

        /** Scored examples at most (the first ones of the file); keeps an evaluation's cost bounded. */
        Optional<Integer> limit();
    }
}

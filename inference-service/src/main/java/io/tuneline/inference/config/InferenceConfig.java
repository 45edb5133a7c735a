package io.tuneline.inference.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Settings of inference-service ({@code tuneline.inference.*}); every one can come from the environment. */
@ConfigMapping(prefix = "tuneline.inference")
public interface InferenceConfig {

    /** The model names served; the first answers requests that name none. */
    @WithDefault("support-summarizer")
    List<String> models();

    /**
     * Per model name, what to serve while nothing is promoted: {@code s3://bucket/prefix/} (e.g. the base model
     * folder in the models bucket) or a local Hugging Face folder.
     */
    Map<String, String> fallback();

    /** Where downloaded checkpoints are kept (one folder per S3 location, reused by a restart). */
    @WithDefault("${java.io.tmpdir}/tuneline-inference")
    String cacheDir();

    /**
     * Ready even when a model name has nothing to serve (nothing promoted, no fallback): requests for it get 503.
     * For a local stack without any checkpoint ({@code ./tuneline up}); a deployment keeps it off.
     */
    @WithDefault("false")
    boolean readyWithoutModel();

    Batching batching();

    Limits limits();

    Summarize summarize();

    Adapters adapters();

    interface Batching {
        /** Off serves one request at a time (the benchmark's baseline). */
        @WithDefault("true")
        boolean enabled();

        /** Rows decoded together at most. */
        @WithDefault("32")
        int maxBatchSize();

        /** How long an idle model waits for more requests before it starts a batch. */
        @WithDefault("PT0.005S")
        Duration maxWait();

        /**
         * libtorch threads of a model's decoding thread (0: libtorch's default, one per core). One is faster on
         * shared or busy cores, where every parallel op waits for a sleeping second thread (see the README).
         */
        @WithDefault("1")
        int threads();
    }

    interface Limits {
        /** Requests waiting for a slot per model; more get 429. */
        @WithDefault("64")
        int queueSize();

        /** What a 429 tells the client to wait ({@code Retry-After}, seconds). */
        @WithDefault("1")
        int retryAfterSeconds();

        /** A request still generating after this ends with 504 (or an error event when streaming). */
        @WithDefault("PT60S")
        Duration requestTimeout();

        /** Longest prompt in tokens ({@code </s>} included); longer ones get 413. */
        @WithDefault("512")
        int maxInputTokens();

        /** Highest {@code maxNewTokens} a request may ask for. */
        @WithDefault("256")
        int maxNewTokens();

        /** Most prompts in one batch request. */
        @WithDefault("32")
        int maxBatchPrompts();
    }

    interface Summarize {
        /**
         * The instruction a dialogue is rendered into; {@code {dialogue}} marks where the chat goes, {@code
         * {about_topic}} where " about <topic>" goes when the request names one (template-service's
         * {@code dsum-support-chat} phrasing).
         */
        @WithDefault("Read the following support chat{about_topic} and summarize it in one or two sentences.\n\n{dialogue}")
        String template();

        /** Generation defaults of a summary when the request gives none. */
        @WithDefault("96")
        int maxNewTokens();

        Optional<Integer> numBeams();
    }

    interface Adapters {
        /**
         * LoRA adapters loaded per model name besides the promoted one; the least recently used is evicted beyond
         * this (and closed once its running requests end).
         */
        @WithDefault("8")
        int maxLoaded();
    }
}

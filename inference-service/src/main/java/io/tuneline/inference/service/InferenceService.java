package io.tuneline.inference.service;

import io.tuneline.contracts.api.GenerationResult;
import io.tuneline.contracts.api.ServedModelStatus;
import io.tuneline.common.rest.ApiException;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.inference.model.AdapterLoadException;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ModelLoadException;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.serve.ContinuousBatcher;
import io.tuneline.model.serve.FinishReason;
import io.tuneline.model.serve.TokenSink;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs prompts on the served models: checks the request (model, adapter, options, prompt length), takes a lease on
 * the model answering now or on a LoRA adapter applied on its base (so neither a hot swap nor an eviction closes a
 * model under a running request) and hands the prompt to that model's batching engine. Summaries are prompts
 * rendered from the configured instruction template.
 */
@ApplicationScoped
public class InferenceService {

    private static final Pattern SUMMARY_PLACEHOLDER = Pattern.compile("\\{(dialogue|about_topic)}");

    /** The token listener of a request that is not streamed: its text is decoded once, at the end. */
    public static final Consumer<TokenEvent> NOT_STREAMED = token -> { };

    private final ModelRegistry registry;
    private final InferenceConfig config;
    private final InferenceMetrics metrics;

    InferenceService(ModelRegistry registry, InferenceConfig config, InferenceMetrics metrics) {
        this.registry = registry;
        this.config = config;
        this.metrics = metrics;
    }

    /** A running generation: its result completes exceptionally with an {@link ApiException} or on cancel. */
    public static final class Generation {
        private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
        private volatile ContinuousBatcher.Ticket ticket;

        public CompletableFuture<GenerationResult> result() {
            return result;
        }

        /** Frees the request's slot (a client went away). */
        public void cancel() {
            ContinuousBatcher.Ticket running = ticket;
            if (running != null) {
                running.cancel();
            }
        }
    }

    /**
     * The prompt a dialogue becomes: the configured template with {@code {dialogue}}, and {@code {about_topic}} as
     * " about <topic>" when the caller names the chat's topic (else nothing) — the phrasing template-service's
     * {@code dsum-support-chat} trains with, so a fine-tuned model is asked the way it learned. One pass, so a
     * dialogue or topic that contains a placeholder's text stays as it is.
     */
    public String summaryPrompt(String dialogue, String topic) {
        String about = topic == null || topic.isBlank() ? "" : " about " + topic.strip();
        return SUMMARY_PLACEHOLDER.matcher(config.summarize().template()).replaceAll(placeholder ->
                Matcher.quoteReplacement(placeholder.group(1).equals("dialogue") ? dialogue : about));
    }

    /** The prompts of a batch: {@code topics} is absent or names one topic (or null) per dialogue. */
    public List<String> summaryPrompts(List<String> dialogues, List<String> topics) {
        if (topics != null && topics.size() != dialogues.size()) {
            throw ApiException.badRequest(InferenceException.ERROR_INVALID_OPTIONS, "topics has " + topics.size()
                    + " entries for " + dialogues.size() + " dialogues: give one per dialogue (null for none) or omit it");
        }
        List<String> prompts = new ArrayList<>(dialogues.size());
        for (int i = 0; i < dialogues.size(); i++) {
            prompts.add(summaryPrompt(dialogues.get(i), topics == null ? null : topics.get(i)));
        }
        return prompts;
    }

    /** The defaults of a summary: the configured length (and beams, if set). */
    public GenerationOptions summaryDefaults() {
        return new GenerationOptions(config.summarize().maxNewTokens(), config.summarize().numBeams().orElse(null),
                null, null, null, null, null, null, null);
    }

    /**
     * Starts one generation on model name {@code modelName}, with the LoRA adapter {@code adapter} applied on the
     * base it serves when not null (loaded on first use); {@code onToken} is called for every new token as it is
     * produced.
     */
    public Generation start(String modelName, String adapter, String prompt, GenerationOptions options,
                            Consumer<TokenEvent> onToken) {
        ServedModel slot = slot(modelName);
        String adapterName = adapterName(adapter);
        GenerationOptions effective = options == null ? GenerationOptions.DEFAULTS : options;
        GenerationConfig generation = generationConfig(effective);
        // A model retired by a hot swap between the lease and the submit refuses it: take the successor.
        for (int attempt = 0; ; attempt++) {
            LoadedModel model = acquire(slot, adapterName);
            if (model == null) {
                ServedModelStatus.LoadFailure failure = slot.lastFailure();
                throw InferenceException.notReady(slot.name(), failure == null ? null : failure.reason());
            }
            try {
                return submit(model, prompt, generation, onToken);
            } catch (io.tuneline.model.serve.QueueFullException e) {
                model.release();
                if (!model.retired() || attempt > 3) {
                    throw new QueueFullException("model '" + slot.name() + "' is busy: " + e.getMessage(),
                            config.limits().retryAfterSeconds());
                }
            } catch (RuntimeException e) {
                model.release();
                throw e;
            }
        }
    }

    /** Starts every prompt (all or none: a refused one cancels those already started). */
    public List<Generation> startAll(String modelName, String adapter, List<String> prompts,
                                     GenerationOptions options) {
        if (prompts.size() > config.limits().maxBatchPrompts()) {
            throw ApiException.badRequest(InferenceException.ERROR_INVALID_OPTIONS, "a batch holds at most "
                    + config.limits().maxBatchPrompts() + " prompts, this one " + prompts.size());
        }
        List<Generation> started = new ArrayList<>();
        try {
            for (String prompt : prompts) {
                started.add(start(modelName, adapter, prompt, options, NOT_STREAMED));
            }
            return started;
        } catch (RuntimeException e) {
            started.forEach(Generation::cancel);
            throw e;
        }
    }

    private LoadedModel acquire(ServedModel slot, String adapterName) {
        if (adapterName == null) {
            return slot.acquire();
        }
        try {
            return registry.acquireAdapter(slot, adapterName);
        } catch (AdapterLoadException e) {
            throw InferenceException.adapter(slot.name(), e);
        } catch (ModelLoadException e) {
            throw InferenceException.notReady(slot.name(), e.getMessage());
        }
    }

    /** The adapter a request names (null for none); a name that cannot be a storage path segment is refused. */
    private static String adapterName(String adapter) {
        if (adapter == null || adapter.isBlank()) {
            return null;
        }
        try {
            return StorageLayout.id(adapter);
        } catch (IllegalArgumentException e) {
            throw InferenceException.invalidOptions("adapter '" + adapter + "' is not a valid adapter name (letters, "
                    + "digits, '.', '_' and '-', starting with a letter or digit)");
        }
    }

    private ServedModel slot(String modelName) {
        return registry.find(modelName).orElseThrow(() -> InferenceException.unknownModel(modelName,
                registry.all().stream().map(ServedModel::name).toList()));
    }

    private GenerationConfig generationConfig(GenerationOptions options) {
        if (options.maxNewTokens() != null && options.maxNewTokens() > config.limits().maxNewTokens()) {
            throw InferenceException.invalidOptions("maxNewTokens " + options.maxNewTokens()
                    + " is above the limit of " + config.limits().maxNewTokens());
        }
        try {
            return options.toConfig(Math.min(64, config.limits().maxNewTokens()));
        } catch (IllegalArgumentException e) {
            throw InferenceException.invalidOptions(e.getMessage());
        }
    }

    private Generation submit(LoadedModel model, String prompt, GenerationConfig generation,
                              Consumer<TokenEvent> onToken) {
        long[] ids = model.tokenizer().encode(prompt);
        if (ids.length > config.limits().maxInputTokens()) {
            throw InferenceException.inputTooLong(ids.length, config.limits().maxInputTokens());
        }
        Generation handle = new Generation();
        Duration timeout = config.limits().requestTimeout();
        Sink sink = new Sink(model, ids.length, onToken, handle, timeout);
        handle.ticket = model.batcher().submit(ids, generation, sink.accepted + timeout.toNanos(), sink);
        return handle;
    }

    /**
     * Turns the engine's callbacks into text, metrics and the result; releases the lease at the end. Runs on the
     * engine's decoding thread, once per token of every running request, so it keeps the token ids in an array and
     * decodes text per token only for a streamed request.
     */
    private final class Sink implements TokenSink {
        private final LoadedModel model;
        private final int promptTokens;
        private final Consumer<TokenEvent> onToken;
        private final boolean streamed;
        private final Generation handle;
        private final Duration timeout;
        private final long accepted = System.nanoTime();
        private long[] tokens = new long[16];
        private int count;
        private long firstTokenAt;
        private String text = "";

        Sink(LoadedModel model, int promptTokens, Consumer<TokenEvent> onToken, Generation handle,
             Duration timeout) {
            this.model = model;
            this.promptTokens = promptTokens;
            this.onToken = onToken;
            this.streamed = onToken != NOT_STREAMED;
            this.handle = handle;
            this.timeout = timeout;
        }

        @Override
        public void onToken(long token) {
            if (count == 0) {
                firstTokenAt = System.nanoTime();
                metrics.firstToken(model.version().modelName(), Duration.ofNanos(firstTokenAt - accepted));
            }
            if (count == tokens.length) {
                tokens = Arrays.copyOf(tokens, 2 * count);
            }
            tokens[count++] = token;
            if (!streamed) {
                return;
            }
            String decoded = decode(Arrays.copyOf(tokens, count));
            String added = decoded.startsWith(text) ? decoded.substring(text.length()) : decoded;
            text = decoded;
            onToken.accept(new TokenEvent(count - 1, token, added));
        }

        @Override
        public void onFinished(long[] generated, FinishReason reason) {
            model.release();
            long now = System.nanoTime();
            String outcome = reason.name().toLowerCase(Locale.ROOT);
            Duration decoding = firstTokenAt == 0 ? Duration.ZERO : Duration.ofNanos(now - firstTokenAt);
            metrics.finished(model.version().modelName(), outcome, Duration.ofNanos(now - accepted),
                    generated.length, decoding);
            switch (reason) {
                case EOS, LENGTH -> handle.result.complete(new GenerationResult(model.version(), decode(generated),
                        promptTokens, generated.length, outcome, (now - accepted) / 1_000_000,
                        firstTokenAt == 0 ? 0 : (firstTokenAt - accepted) / 1_000_000));
                case TIMEOUT -> handle.result.completeExceptionally(InferenceException.timeout(timeout.toMillis()));
                case CANCELLED -> handle.result.completeExceptionally(new CancellationException("cancelled"));
                case SHUTDOWN -> handle.result.completeExceptionally(InferenceException.notReady(
                        model.version().modelName(), "the model was stopped"));
            }
        }

        @Override
        public void onFailed(RuntimeException error) {
            model.release();
            metrics.finished(model.version().modelName(), "failed", Duration.ofNanos(System.nanoTime() - accepted),
                    count, Duration.ZERO);
            handle.result.completeExceptionally(InferenceException.failed(error.getMessage()));
        }

        private String decode(long[] ids) {
            return model.tokenizer().decode(ids, true);
        }
    }
}

package io.tuneline.inference.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.inference.model.ServedModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus metrics of serving ({@code /q/metrics}): request latency and time to first token (histograms),
 * generated tokens (its rate is tokens/s) and per-request decoding speed, batch size and queue depth per model, and
 * {@code tuneline_inference_model_info} = 1 for the version answering now (0 for earlier ones); LoRA adapters loaded
 * (gauge), adapter loads and evictions and base loads (counters).
 */
@ApplicationScoped
public class InferenceMetrics {

    private final MeterRegistry registry;
    /*
     * The meters recorded per request, registered once: building and looking up a meter's id at every request (and
     * every first token) cost more than recording.
     */
    private final Map<String, Timer> firstTokenTimers = new ConcurrentHashMap<>();
    private final Map<Outcome, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<String, Counter> generatedTokens = new ConcurrentHashMap<>();
    private final Map<String, DistributionSummary> tokensPerSecond = new ConcurrentHashMap<>();

    private record Outcome(String model, String outcome) {
    }

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Gauges reading a slot's current engine. */
    void watch(ServedModel slot) {
        Gauge.builder("tuneline.inference.batch.size", slot, s -> engineValue(s, true))
                .description("rows in the latest decoder step").tag("model", slot.name()).register(registry);
        Gauge.builder("tuneline.inference.queue.depth", slot, s -> engineValue(s, false))
                .description("requests waiting for a decode slot").tag("model", slot.name()).register(registry);
        Gauge.builder("tuneline.inference.adapters.loaded", slot, InferenceMetrics::adaptersLoaded)
                .description("LoRA adapters loaded on demand on the base the model name serves")
                .tag("model", slot.name()).register(registry);
    }

    /** A model name loaded base weights (a LoRA adapter on the base it already serves loads none). */
    void baseLoaded(String model) {
        Counter.builder("tuneline.inference.base.loads").description("base model weights loaded")
                .tag("model", model).register(registry).increment();
    }

    void adapterLoaded(String model) {
        Counter.builder("tuneline.inference.adapter.loads").description("LoRA adapters loaded on demand")
                .tag("model", model).register(registry).increment();
    }

    void adapterEvicted(String model) {
        Counter.builder("tuneline.inference.adapter.evictions")
                .description("LoRA adapters evicted as least recently used").tag("model", model).register(registry)
                .increment();
    }

    /** The version gauge of a model that was just installed. */
    void versionInstalled(ServedModel slot, ModelVersion version) {
        Gauge.builder("tuneline.inference.model.info", slot, s -> isCurrent(s, version) ? 1 : 0)
                .description("1 for the model version answering now")
                .tags("model", version.modelName(), "source", version.source(),
                        "run_id", Objects.toString(version.runId(), ""), "checkpoint", version.checkpoint(),
                        "base_model", version.baseModel(), "adapter", Objects.toString(version.adapter(), ""))
                .register(registry);
    }

    void firstToken(String model, Duration sinceAccepted) {
        firstTokenTimers.computeIfAbsent(model, name -> Timer.builder("tuneline.inference.time.to.first.token")
                .description("acceptance to first token").tag("model", name).publishPercentileHistogram()
                .register(registry)).record(sinceAccepted);
    }

    void finished(String model, String outcome, Duration latency, int newTokens, Duration decoding) {
        requestTimers.computeIfAbsent(new Outcome(model, outcome), key -> Timer.builder("tuneline.inference.request")
                .description("acceptance to last token").tags("model", key.model(), "outcome", key.outcome())
                .publishPercentileHistogram().register(registry)).record(latency);
        generatedTokens.computeIfAbsent(model, name -> Counter.builder("tuneline.inference.generated.tokens")
                .description("new tokens; rate() is tokens/s").tag("model", name).register(registry))
                .increment(newTokens);
        if (newTokens > 1 && !decoding.isZero()) {
            tokensPerSecond.computeIfAbsent(model, name -> DistributionSummary.builder(
                            "tuneline.inference.request.tokens.per.second")
                    .description("a request's new tokens per second after its first").tag("model", name)
                    .register(registry)).record((newTokens - 1) / (decoding.toNanos() / 1e9));
        }
    }

    private static double engineValue(ServedModel slot, boolean batchSize) {
        LoadedModel current = slot.current();
        if (current == null) {
            return 0;
        }
        return batchSize ? current.batcher().batchSize() : current.batcher().queueDepth();
    }

    private static double adaptersLoaded(ServedModel slot) {
        LoadedModel current = slot.current();
        return current == null ? 0 : current.base().adapters().size();
    }

    private static boolean isCurrent(ServedModel slot, ModelVersion version) {
        LoadedModel current = slot.current();
        return current != null && current.version().equals(version);
    }
}

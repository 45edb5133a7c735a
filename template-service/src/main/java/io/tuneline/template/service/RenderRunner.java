package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.engine.PromptTokenizer;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.PromptTemplate;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a render once its components are resolved: names it ({@link RenderIds}), renders split after split (a
 * version made of segments through {@link SegmentReuse}, anything else through {@link SplitRenderer}), writes the
 * manifest last, and announces the files with a {@code PromptsRendered} event and metrics.
 */
@ApplicationScoped
public class RenderRunner {

    private static final Logger LOG = Logger.getLogger(RenderRunner.class);

    private final TokenizerProvider tokenizers;
    private final TemplateEngine engine;
    private final ObjectMapper mapper;
    private final RenderIds renderIds;
    private final SplitRenderer splitRenderer;
    private final SegmentReuse segmentReuse;
    private final RenderStore renders;
    private final EventPublisher publisher;
    private final MeterRegistry metrics;
    private final TemplateConfig config;

    RenderRunner(TokenizerProvider tokenizers, TemplateEngine engine, ObjectMapper mapper, SplitRenderer splitRenderer,
                 SegmentReuse segmentReuse, RenderStore renders, EventPublisher publisher, MeterRegistry metrics,
                 TemplateConfig config) {
        this.tokenizers = tokenizers;
        this.engine = engine;
        this.mapper = mapper;
        this.renderIds = new RenderIds(mapper);
        this.splitRenderer = splitRenderer;
        this.segmentReuse = segmentReuse;
        this.renders = renders;
        this.publisher = publisher;
        this.metrics = metrics;
        this.config = config;
    }

    /** {@code totalTrainExamples}: the train split's size for a mixture, null to take every example once. */
    RenderManifest run(RenderTarget target, List<RenderComponent> components, Long totalTrainExamples, long seed,
                       int maxInputTokens) {
        PromptTokenizer tokenizer = tokenizers.get();
        ExampleRenderer examples = new ExampleRenderer(mapper, new LengthLimiter(engine, tokenizer, maxInputTokens),
                seed);
        List<RenderManifest.Component> described = components.stream().map(c -> new RenderManifest.Component(
                c.task().name(), c.templates().stream().map(PromptTemplate::id).toList(), c.source(), c.weight()))
                .toList();
        String renderId = renderIds.renderId(new RenderIds.Inputs(target.datasetId(), target.versionId(),
                target.mixture(), described, components.stream().map(RenderComponent::task).toList(),
                components.stream().map(RenderComponent::templates).toList(), totalTrainExamples, seed,
                maxInputTokens, tokenizer.describe()));
        // Segments are reused only by a plain render of one task: a mixture's lines depend on all its components.
        RenderComponent only = components.size() == 1 && totalTrainExamples == null ? components.get(0) : null;
        String segmentKey = only == null || only.segments() == null ? null : renderIds.segmentRenderKey(only.task(),
                only.templates(), seed, maxInputTokens, tokenizer.describe());
        Map<String, SplitSummary> summaries = new LinkedHashMap<>();
        for (String split : splitNames(components)) {
            ObjectRef output = renders.splitFile(target.datasetId(), target.versionId(), renderId, split);
            SplitSummary summary = segmentKey != null && only.segments().containsKey(split)
                    ? segmentReuse.render(target, renderId, output, split, only, segmentKey, examples)
                    : splitRenderer.render(output, split, components, totalTrainExamples, examples);
            if (summary != null) {
                summaries.put(split, summary);
            }
        }
        if (summaries.isEmpty()) {
            throw new InvalidRenderException(InvalidRenderException.NOTHING_TO_RENDER,
                    "the sources hold no examples to render");
        }
        long total = summaries.values().stream().mapToLong(SplitSummary::examples).sum();
        long truncated = summaries.values().stream().mapToLong(SplitSummary::truncated).sum();
        long overLimit = summaries.values().stream().mapToLong(SplitSummary::overLimit).sum();
        String truncationWarning = truncationWarning(total, truncated, maxInputTokens);
        RenderManifest manifest = new RenderManifest(renderId, target.datasetId(), target.versionId(),
                target.mixture(), target.trigger(), seed, maxInputTokens, tokenizer.describe(), Instant.now(),
                described, summaries, total, truncated, overLimit, truncationWarning);
        renders.putManifest(manifest);
        announce(manifest);
        return manifest;
    }

    private void announce(RenderManifest manifest) {
        Map<String, ObjectRef> files = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        manifest.splits().forEach((split, summary) -> {
            files.put(split, summary.file());
            counts.put(split, summary.examples());
        });
        manifest.splits().values().forEach(this::count);
        publisher.publish(new PromptsRendered(manifest.datasetId(), manifest.versionId(), manifest.renderId(),
                manifest.mixture(), files, counts, manifest.truncated(), manifest.truncationWarning()));
        if (manifest.truncationWarning() != null) {
            LOG.warnf("Render %s of %s/%s: %s", manifest.renderId(), manifest.datasetId(), manifest.versionId(),
                    manifest.truncationWarning());
        }
        LOG.infof("Rendered %s/%s as %s: %d examples, %d truncated, %d over the limit", manifest.datasetId(),
                manifest.versionId(), manifest.renderId(), manifest.examples(), manifest.truncated(),
                manifest.overLimit());
    }

    private void count(SplitSummary summary) {
        summary.byTask().forEach((task, examples) ->
                metrics.counter("tuneline.template.examples.rendered", "task", task).increment(examples));
        summary.truncatedByTask().forEach((task, examples) ->
                metrics.counter("tuneline.template.examples.truncated", "task", task).increment(examples));
        summary.skipped().forEach((reason, examples) ->
                metrics.counter("tuneline.template.examples.skipped", "reason", reason).increment(examples));
    }

    /**
     * The splits of the dataset components (replay alone does not make a split), or of all components when there
     * is no dataset; the standard splits first, then any others by name.
     */
    static List<String> splitNames(List<RenderComponent> components) {
        boolean anyAnchor = components.stream().anyMatch(RenderComponent::anchor);
        Set<String> names = new TreeSet<>();
        components.stream().filter(c -> c.anchor() || !anyAnchor).forEach(c -> names.addAll(c.splits().keySet()));
        Set<String> ordered = new LinkedHashSet<>();
        DatasetVersions.STANDARD_SPLITS.stream().filter(names::contains).forEach(ordered::add);
        ordered.addAll(names);
        return List.copyOf(ordered);
    }

    /** Null, or the loud sentence when more than the configured share of examples was truncated. */
    String truncationWarning(long examples, long truncated, int maxInputTokens) {
        double share = examples == 0 ? 0 : (double) truncated / examples;
        if (share <= config.truncationWarningShare()) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d examples (%.1f %%) had their data field cut to fit %d input "
                        + "tokens, more than the %.0f %% accepted quietly: the model would learn from cut "
                        + "dialogues; raise maxInputTokens or shorten the data", truncated, examples, share * 100,
                maxInputTokens, config.truncationWarningShare() * 100);
    }
}

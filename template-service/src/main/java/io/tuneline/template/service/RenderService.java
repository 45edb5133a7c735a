package io.tuneline.template.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.MeterRegistry;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ContentTypes;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.engine.FittedPrompt;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.engine.MixturePlanner;
import io.tuneline.template.engine.PromptTokenizer;
import io.tuneline.template.engine.RenderException;
import io.tuneline.template.engine.SelectionSampler;
import io.tuneline.template.engine.TemplateChooser;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.library.MixtureComponent;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.mapping.ExampleMapper;
import io.tuneline.template.mapping.MappedExample;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders dataset splits into prompt/completion JSONL files: per example a seeded choice of phrasing, length
 * control on the data field, and for mixtures a seeded, weighted interleaving of several tasks' examples. Files are
 * streamed line by line (datasets can be large) through a local temporary file, then uploaded with a manifest, and
 * a {@code PromptsRendered} event announces them.
 */
@ApplicationScoped
public class RenderService {

    /** The splits looked for in a dataset version when no event lists them, in output order. */
    static final List<String> STANDARD_SPLITS = List.of("train", "validation", "test");
    /** Where a mixture without any dataset component is filed. */
    static final String GENERAL_DATASET_ID = "general";
    static final String GENERAL_VERSION_ID = "builtin";

    private static final Logger LOG = Logger.getLogger(RenderService.class);

    private final ObjectStore store;
    private final StorageLayout layout;
    private final TaskRegistry tasks;
    private final TemplateRegistry templates;
    private final GeneralSets generalSets;
    private final TemplateEngine engine;
    private final TokenizerProvider tokenizers;
    private final EventPublisher publisher;
    private final TemplateConfig config;
    private final MeterRegistry metrics;
    private final ObjectMapper mapper;
    private final RenderIds renderIds;
    private final RenderStore renders;
    private final DatasetVersions datasetVersions;

    RenderService(ObjectStore store, StorageLayout layout, TaskRegistry tasks, TemplateRegistry templates,
                  GeneralSets generalSets, TemplateEngine engine, TokenizerProvider tokenizers,
                  EventPublisher publisher, TemplateConfig config, MeterRegistry metrics, ObjectMapper mapper,
                  RenderStore renders, DatasetVersions datasetVersions) {
        this.store = store;
        this.layout = layout;
        this.tasks = tasks;
        this.templates = templates;
        this.generalSets = generalSets;
        this.engine = engine;
        this.tokenizers = tokenizers;
        this.publisher = publisher;
        this.config = config;
        this.metrics = metrics;
        this.mapper = mapper;
        this.renderIds = new RenderIds(mapper);
        this.renders = renders;
        this.datasetVersions = datasetVersions;
    }

    /** What to render a dataset version with; null parts take the configured defaults. */
    public record RenderRequest(String datasetId, String versionId, String task, List<String> templateIds, Long seed,
                                Integer maxInputTokens, List<String> tags) {

        public RenderRequest(String datasetId, String versionId, String task, List<String> templateIds, Long seed,
                             Integer maxInputTokens) {
            this(datasetId, versionId, task, templateIds, seed, maxInputTokens, null);
        }
    }



    /**
     * Renders every split of a dataset version with one task's templates. {@code splits} are the split files (from
     * the event); when null, the standard split files of the version are looked up.
     */
    public RenderManifest renderDatasetVersion(RenderRequest request, Map<String, ObjectRef> splits, String trigger) {
        StorageLayout.id(request.datasetId());
        StorageLayout.id(request.versionId());
        TaskDefinition task = tasks.require(request.task() != null ? request.task() : config.autoRender().task());
        List<PromptTemplate> chosen = templates.forRender(task.name(), request.templateIds(),
                datasetTags(request.datasetId(), request.tags()));
        MixtureSource source = new MixtureSource(MixtureSource.DATASET, request.datasetId(), request.versionId());
        // A version made of segments is read segment by segment, and segments rendered before are reused.
        Map<String, List<DatasetVersions.Segment>> segments = datasetVersions
                .segments(request.datasetId(), request.versionId()).filter(found -> !found.isEmpty()).orElse(null);
        Component component;
        if (segments != null) {
            component = new Component(task, chosen, 1.0, true, source, segmentLines(segments), segments);
        } else {
            Map<String, ObjectRef> files = splits != null ? requireExisting(splits)
                    : findSplits(request.datasetId(), request.versionId());
            component = new Component(task, chosen, 1.0, true, source, datasetLines(files), null);
        }
        return run(new Target(request.datasetId(), request.versionId(), null, trigger), List.of(component), null,
                seedOrDefault(request.seed()), limit(request.maxInputTokens()));
    }

    /** Renders a mixture: each split interleaves its components' examples by weight. */
    public RenderManifest renderMixture(Mixture mixture, Integer maxInputTokens) {
        List<Component> components = new ArrayList<>();
        for (MixtureComponent spec : mixture.components()) {
            TaskDefinition task = tasks.require(spec.task());
            List<PromptTemplate> chosen = templates.forRender(task.name(), spec.templateIds(),
                    spec.source().isDataset() ? datasetTags(spec.source().datasetId(), null) : Set.of());
            if (spec.source().isDataset()) {
                Map<String, ObjectRef> files = findSplits(spec.source().datasetId(), spec.source().versionId());
                components.add(new Component(task, chosen, spec.weight(), true, spec.source(), datasetLines(files),
                        null));
            } else {
                Map<String, LineSource> lines = new LinkedHashMap<>();
                for (String split : GeneralSets.SPLITS) {
                    lines.put(split, () -> generalSets.open(task.replaySet(), split));
                }
                components.add(new Component(task, chosen, spec.weight(), false, spec.source(), lines, null));
            }
        }
        MixtureSource primary = mixture.components().stream().filter(c -> c.source().isDataset())
                .max((a, b) -> Double.compare(a.weight(), b.weight())).map(MixtureComponent::source).orElse(null);
        Target target = primary == null
                ? new Target(GENERAL_DATASET_ID, GENERAL_VERSION_ID, mixture.name(), "mixture")
                : new Target(primary.datasetId(), primary.versionId(), mixture.name(), "mixture");
        return run(target, components, mixture.totalExamples(), seedOrDefault(mixture.seed()), limit(maxInputTokens));
    }

    public Optional<RenderManifest> manifest(String datasetId, String versionId, String renderId) {
        return renders.manifest(datasetId, versionId, renderId);
    }

    /** Opens the lines of one split file; the caller closes the reader. */
    @FunctionalInterface
    interface LineSource {
        BufferedReader open() throws IOException;
    }

    /** {@code segments}: the dataset segments behind {@code splits}, when the version is made of segments. */
    private record Component(TaskDefinition task, List<PromptTemplate> templates, double weight, boolean anchor,
                             MixtureSource source, Map<String, LineSource> splits,
                             Map<String, List<DatasetVersions.Segment>> segments) {
    }

    private record Target(String datasetId, String versionId, String mixture, String trigger) {
    }

    private RenderManifest run(Target target, List<Component> components, Long totalTrainExamples, long seed,
                               int maxInputTokens) {
        PromptTokenizer tokenizer = tokenizers.get();
        LengthLimiter limiter = new LengthLimiter(engine, tokenizer, maxInputTokens);
        List<RenderManifest.Component> described = components.stream().map(c -> new RenderManifest.Component(
                c.task().name(), c.templates().stream().map(PromptTemplate::id).toList(), c.source(), c.weight()))
                .toList();
        String renderId = renderIds.renderId(new RenderIds.Inputs(target.datasetId(), target.versionId(),
                target.mixture(), described, components.stream().map(Component::task).toList(),
                components.stream().map(Component::templates).toList(), totalTrainExamples, seed, maxInputTokens,
                tokenizer.describe()));
        Map<String, SplitSummary> summaries = new LinkedHashMap<>();
        Component only = components.size() == 1 && totalTrainExamples == null ? components.get(0) : null;
        String segmentKey = only == null || only.segments() == null ? null : renderIds.segmentRenderKey(only.task(),
                only.templates(), seed, maxInputTokens, tokenizer.describe());
        for (String split : splitNames(components)) {
            SplitSummary summary = segmentKey != null && only.segments().containsKey(split)
                    ? renderSegmentedSplit(target, renderId, split, only, segmentKey, seed, limiter)
                    : renderSplit(target, renderId, split, components, totalTrainExamples, seed, limiter);
            if (summary != null) {
                summaries.put(split, summary);
            }
        }
        if (summaries.isEmpty()) {
            throw ApiException.badRequest("nothing-to-render", "the sources hold no examples to render");
        }
        long examples = summaries.values().stream().mapToLong(SplitSummary::examples).sum();
        long truncated = summaries.values().stream().mapToLong(SplitSummary::truncated).sum();
        long overLimit = summaries.values().stream().mapToLong(SplitSummary::overLimit).sum();
        String truncationWarning = truncationWarning(examples, truncated, maxInputTokens);
        RenderManifest manifest = new RenderManifest(renderId, target.datasetId(), target.versionId(),
                target.mixture(), target.trigger(), seed, maxInputTokens, tokenizer.describe(), Instant.now(),
                described, summaries, examples, truncated, overLimit, truncationWarning);
        renders.putManifest(manifest);
        Map<String, ObjectRef> files = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        summaries.forEach((split, summary) -> {
            files.put(split, summary.file());
            counts.put(split, summary.examples());
        });
        summaries.values().forEach(this::count);
        publisher.publish(new PromptsRendered(target.datasetId(), target.versionId(), renderId, target.mixture(),
                files, counts, truncated, truncationWarning));
        if (truncationWarning != null) {
            LOG.warnf("Render %s of %s/%s: %s", renderId, target.datasetId(), target.versionId(), truncationWarning);
        }
        LOG.infof("Rendered %s/%s as %s: %d examples, %d truncated, %d over the limit", target.datasetId(),
                target.versionId(), renderId, examples, truncated, overLimit);
        return manifest;
    }

    private void count(SplitSummary summary) {
        summary.byTask().forEach((task, examples) ->
                metrics.counter("tuneline.template.examples.rendered", "task", task).increment(examples));
        summary.truncatedByTask().forEach((task, examples) ->
                metrics.counter("tuneline.template.examples.truncated", "task", task).increment(examples));
        summary.skipped().forEach((reason, examples) ->
                metrics.counter("tuneline.template.examples.skipped", "reason", reason).increment(examples));
    }

    private SplitSummary renderSplit(Target target, String renderId, String split, List<Component> components,
                                     Long totalTrainExamples, long seed, LengthLimiter limiter) {
        int size = components.size();
        double[] weights = new double[size];
        long[] available = new long[size];
        boolean[] anchors = new boolean[size];
        for (int c = 0; c < size; c++) {
            weights[c] = components.get(c).weight();
            anchors[c] = components.get(c).anchor();
            LineSource lines = components.get(c).splits().get(split);
            available[c] = lines == null ? 0 : countLines(lines);
        }
        MixturePlanner.Plan plan = MixturePlanner.plan(weights, available, anchors,
                "train".equals(split) ? totalTrainExamples : null, mix(seed, split, -1));
        if (plan.size() == 0) {
            return null;
        }
        long[] counts = plan.counts();
        ObjectRef output = renders.splitFile(target.datasetId(), target.versionId(), renderId, split);
        Tally tally = new Tally();
        Path file = null;
        List<ComponentCursor> cursors = new ArrayList<>();
        try {
            file = Files.createTempFile("render-" + split + "-", ".jsonl");
            for (int c = 0; c < size; c++) {
                cursors.add(new ComponentCursor(components.get(c).splits().get(split),
                        new SelectionSampler(available[c], counts[c],
                                mix(seed, split, c))));
            }
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                MixturePlanner.Sequence sequence = plan.sequence();
                while (sequence.hasNext()) {
                    int c = sequence.next();
                    ComponentCursor.Selected selected = cursors.get(c).next();
                    renderExample(components.get(c), split, selected, seed, limiter, writer, tally);
                }
            }
            renders.putSplit(output, file);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering split '" + split + "' failed", e);
        } finally {
            cursors.forEach(ComponentCursor::close);
            deleteQuietly(file);
        }
        return tally.summary(output);
    }

    /**
     * Renders one split of a version made of segments, segment by segment: a segment already rendered with the same
     * settings (by an earlier version's render) is copied with its counts, the others are rendered and kept for the
     * next version. The output equals rendering the whole split at once: each example's phrasing depends only on
     * the seed and its id, and line numbers continue across segments.
     */
    private SplitSummary renderSegmentedSplit(Target target, String renderId, String split, Component component,
                                              String segmentKey, long seed, LengthLimiter limiter) {
        ObjectRef output = renders.splitFile(target.datasetId(), target.versionId(), renderId, split);
        Tally tally = new Tally();
        long linesBefore = 0;
        int reused = 0;
        List<DatasetVersions.Segment> segments = component.segments().get(split);
        Path file = null;
        try {
            file = Files.createTempFile("render-" + split + "-", ".jsonl");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (DatasetVersions.Segment segment : segments) {
                    String name = segment.sha256().substring(0, Math.min(32, segment.sha256().length())) + "-"
                            + (linesBefore + 1);
                    ObjectRef prompts = layout.promptsSegment(target.datasetId(), segmentKey, name);
                    ObjectRef counts = layout.promptsSegmentSummary(target.datasetId(), segmentKey, name);
                    Optional<SplitSummary> done = renders.segmentSummary(counts);
                    if (done.isPresent()) {
                        try (InputStream in = renders.open(prompts)) {
                            in.transferTo(out);
                        }
                        tally.add(done.get());
                        reused++;
                    } else {
                        tally.add(renderSegment(component, split, segment, linesBefore, prompts, counts, seed,
                                limiter, out));
                    }
                    linesBefore += segment.examples();
                }
            }
            renders.putSplit(output, file);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering split '" + split + "' failed", e);
        } finally {
            deleteQuietly(file);
        }
        metrics.counter("tuneline.template.segments", "outcome", "reused").increment(reused);
        metrics.counter("tuneline.template.segments", "outcome", "rendered").increment(segments.size() - reused);
        LOG.infof("Render %s of %s/%s, split %s: %d of %d segments reused, %d rendered", renderId,
                target.datasetId(), target.versionId(), split, reused, segments.size(), segments.size() - reused);
        return tally.summary(output);
    }

    /** Renders one dataset segment, keeps it for later renders, and appends it to {@code out}. */
    private SplitSummary renderSegment(Component component, String split, DatasetVersions.Segment segment,
                                       long linesBefore, ObjectRef prompts, ObjectRef counts, long seed,
                                       LengthLimiter limiter, OutputStream out) throws IOException {
        Path part = Files.createTempFile("render-segment-", ".jsonl");
        try {
            Tally tally = new Tally();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(renders.open(segment.file()),
                    StandardCharsets.UTF_8));
                 BufferedWriter writer = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                long lineNumber = linesBefore;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        renderExample(component, split, new ComponentCursor.Selected(line, lineNumber, 0), seed,
                                limiter, writer, tally);
                    }
                }
            }
            SplitSummary summary = tally.summary(prompts);
            renders.putSegment(prompts, part, counts, summary);
            Files.copy(part, out);
            return summary;
        } finally {
            deleteQuietly(part);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warnf("Cannot delete the temporary file %s: %s", file, e.getMessage());
            }
        }
    }

    private void renderExample(Component component, String split, ComponentCursor.Selected selected, long seed,
                               LengthLimiter limiter, BufferedWriter writer, Tally tally) throws IOException {
        TaskDefinition task = component.task();
        JsonNode line;
        try {
            line = mapper.readTree(selected.line());
        } catch (JsonProcessingException e) {
            tally.skip("invalid-json");
            return;
        }
        if (line == null || !line.isObject()) {
            tally.skip("invalid-json");
            return;
        }
        MappedExample example = ExampleMapper.map(task, line, split + "-line-" + selected.lineNumber());
        if (!example.renderable()) {
            tally.skip("missing-field");
            return;
        }
        PromptTemplate template = TemplateChooser.choose(component.templates(), seed, example.exampleId(),
                selected.pass());
        FittedPrompt fitted;
        try {
            fitted = limiter.fit(template, example.variables(), task.dataField());
        } catch (RenderException e) {
            tally.skip(e.reason());
            return;
        }
        writer.write(mapper.writeValueAsString(new PromptLine(fitted.rendered().prompt(),
                fitted.rendered().completion(), task.name(), template.id(), example.exampleId())));
        writer.write('\n');
        tally.rendered(task.name(), template.id(), fitted);
    }

    /** Counts per split while it renders. */
    private static final class Tally {
        private long examples;
        private long truncated;
        private long overLimit;
        private final Map<String, Long> skipped = new TreeMap<>();
        private final Map<String, Long> byTask = new TreeMap<>();
        private final Map<String, Long> byTemplate = new TreeMap<>();
        private final Map<String, Long> truncatedByTask = new TreeMap<>();

        /** Adds the counts of a part rendered (or reused) on its own. */
        void add(SplitSummary part) {
            examples += part.examples();
            truncated += part.truncated();
            overLimit += part.overLimit();
            part.skipped().forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
            part.byTask().forEach((task, count) -> byTask.merge(task, count, Long::sum));
            part.byTemplate().forEach((template, count) -> byTemplate.merge(template, count, Long::sum));
            part.truncatedByTask().forEach((task, count) -> truncatedByTask.merge(task, count, Long::sum));
        }

        void skip(String reason) {
            skipped.merge(reason, 1L, Long::sum);
        }

        void rendered(String task, String templateId, FittedPrompt fitted) {
            examples++;
            byTask.merge(task, 1L, Long::sum);
            byTemplate.merge(templateId, 1L, Long::sum);
            if (fitted.truncated()) {
                truncated++;
                truncatedByTask.merge(task, 1L, Long::sum);
            }
            if (fitted.overLimit()) {
                overLimit++;
            }
        }

        SplitSummary summary(ObjectRef file) {
            return new SplitSummary(file, examples, truncated, overLimit, skipped, byTask, byTemplate,
                    truncatedByTask);
        }
    }

    private Map<String, ObjectRef> findSplits(String datasetId, String versionId) {
        Map<String, ObjectRef> found = new LinkedHashMap<>();
        for (String split : STANDARD_SPLITS) {
            ObjectRef ref = layout.datasetSplit(datasetId, versionId, split);
            if (store.exists(ref.bucket(), ref.key())) {
                found.put(split, ref);
            }
        }
        if (found.isEmpty()) {
            throw ApiException.notFound("dataset-version-not-found", "dataset '" + datasetId + "' has no version '"
                    + versionId + "' with split files", Map.of("datasetId", datasetId, "versionId", versionId));
        }
        return found;
    }

    private Map<String, ObjectRef> requireExisting(Map<String, ObjectRef> splits) {
        if (splits.isEmpty()) {
            throw ApiException.badRequest("no-splits", "the dataset version lists no split files");
        }
        for (Map.Entry<String, ObjectRef> split : splits.entrySet()) {
            StorageLayout.id(split.getKey());
            ObjectRef ref = split.getValue();
            if (ref == null || !store.exists(ref.bucket(), ref.key())) {
                throw ApiException.notFound("dataset-split-not-found", "split '" + split.getKey() + "' is not in "
                        + "object storage: " + ref, Map.of("split", split.getKey()));
            }
        }
        return splits;
    }

    /** Each split as its segments read one after the other. */
    private Map<String, LineSource> segmentLines(Map<String, List<DatasetVersions.Segment>> segments) {
        Map<String, LineSource> lines = new LinkedHashMap<>();
        segments.forEach((split, parts) -> lines.put(split, () -> {
            Iterator<DatasetVersions.Segment> next = parts.iterator();
            return new BufferedReader(new InputStreamReader(new SequenceInputStream(new Enumeration<>() {
                @Override
                public boolean hasMoreElements() {
                    return next.hasNext();
                }

                @Override
                public InputStream nextElement() {
                    return renders.open(next.next().file());
                }
            }), StandardCharsets.UTF_8));
        }));
        return lines;
    }

    private Map<String, LineSource> datasetLines(Map<String, ObjectRef> files) {
        Map<String, LineSource> lines = new LinkedHashMap<>();
        files.forEach((split, ref) -> lines.put(split, () -> new BufferedReader(
                new InputStreamReader(store.get(ref.bucket(), ref.key()), StandardCharsets.UTF_8))));
        return lines;
    }

    /**
     * The splits of the dataset components (replay alone does not make a split), or of all components when there
     * is no dataset; the standard splits first, then any others by name.
     */
    private static List<String> splitNames(List<Component> components) {
        boolean anyAnchor = components.stream().anyMatch(Component::anchor);
        Set<String> names = new TreeSet<>();
        components.stream().filter(c -> c.anchor() || !anyAnchor).forEach(c -> names.addAll(c.splits().keySet()));
        Set<String> ordered = new LinkedHashSet<>();
        STANDARD_SPLITS.stream().filter(names::contains).forEach(ordered::add);
        ordered.addAll(names);
        return List.copyOf(ordered);
    }

    private static long countLines(LineSource source) {
        try (BufferedReader reader = source.open()) {
            return reader.lines().filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a split", e);
        }
    }

    /** Null, or the loud sentence when more than the configured share of examples was truncated. */
    private String truncationWarning(long examples, long truncated, int maxInputTokens) {
        double share = examples == 0 ? 0 : (double) truncated / examples;
        if (share <= config.truncationWarningShare()) {
            return null;
        }
        return String.format(Locale.ROOT, "%d of %d examples (%.1f %%) had their data field cut to fit %d input "
                        + "tokens, more than the %.0f %% accepted quietly: the model would learn from cut "
                        + "dialogues; raise maxInputTokens or shorten the data", truncated, examples, share * 100,
                maxInputTokens, config.truncationWarningShare() * 100);
    }

    Set<String> datasetTags(String datasetId, List<String> requested) {
        return DatasetTags.of(datasetId, requested, config.supportChatDatasets());
    }

    private long seedOrDefault(Long seed) {
        return seed != null ? seed : config.defaultSeed();
    }

    private int limit(Integer maxInputTokens) {
        int limit = maxInputTokens != null ? maxInputTokens : config.maxInputTokens();
        if (limit < 1) {
            throw ApiException.badRequest("invalid-max-input-tokens", "maxInputTokens must be positive");
        }
        return limit;
    }

    /** Independent, reproducible seeds per split and component. */
    private static long mix(long seed, String split, int component) {
        long hash = seed * 0x9e3779b97f4a7c15L + split.hashCode() * 31L + component;
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}

package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.library.MixtureComponent;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The two ways to ask for a render — a dataset version with one task, or a named mixture — resolved into
 * components (task, templates, what each reads) and handed to {@link RenderRunner}, which renders, stores and
 * announces them. Refusals are {@link RenderRejectedException}s; lookups of tasks and templates fail as the
 * registries do.
 */
@ApplicationScoped
public class RenderService {

    /** Where a mixture without any dataset component is filed. */
    static final String GENERAL_DATASET_ID = "general";
    static final String GENERAL_VERSION_ID = "builtin";

    private final TaskRegistry tasks;
    private final TemplateRegistry templates;
    private final GeneralSets generalSets;
    private final DatasetVersions datasetVersions;
    private final RenderRunner runner;
    private final TemplateConfig config;

    RenderService(TaskRegistry tasks, TemplateRegistry templates, GeneralSets generalSets,
                  DatasetVersions datasetVersions, RenderRunner runner, TemplateConfig config) {
        this.tasks = tasks;
        this.templates = templates;
        this.generalSets = generalSets;
        this.datasetVersions = datasetVersions;
        this.runner = runner;
        this.config = config;
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
     * the event); when null, the standard split files of the version are looked up. A version made of segments is
     * read segment by segment, and segments rendered before are reused.
     */
    public RenderManifest renderDatasetVersion(RenderRequest request, Map<String, ObjectRef> splits, String trigger) {
        StorageLayout.id(request.datasetId());
        StorageLayout.id(request.versionId());
        TaskDefinition task = tasks.require(request.task() != null ? request.task() : config.autoRender().task());
        List<PromptTemplate> chosen = templates.forRender(task.name(), request.templateIds(),
                datasetTags(request.datasetId(), request.tags()));
        MixtureSource source = new MixtureSource(MixtureSource.DATASET, request.datasetId(), request.versionId());
        Map<String, List<DatasetVersions.Segment>> segments = datasetVersions
                .segments(request.datasetId(), request.versionId()).filter(found -> !found.isEmpty()).orElse(null);
        RenderComponent component = segments != null
                ? new RenderComponent(task, chosen, 1.0, true, source, datasetVersions.segmentedSplits(segments),
                        segments)
                : new RenderComponent(task, chosen, 1.0, true, source,
                        datasetVersions.splitFiles(request.datasetId(), request.versionId(), splits), null);
        return runner.run(new RenderTarget(request.datasetId(), request.versionId(), null, trigger),
                List.of(component), null, seedOrDefault(request.seed()), limit(request.maxInputTokens()));
    }

    /** Renders a mixture: each split interleaves its components' examples by weight. */
    public RenderManifest renderMixture(Mixture mixture, Integer maxInputTokens) {
        List<RenderComponent> components = new ArrayList<>();
        for (MixtureComponent spec : mixture.components()) {
            TaskDefinition task = tasks.require(spec.task());
            MixtureSource source = spec.source();
            List<PromptTemplate> chosen = templates.forRender(task.name(), spec.templateIds(),
                    source.isDataset() ? datasetTags(source.datasetId(), null) : Set.of());
            Map<String, LineSource> lines = source.isDataset()
                    ? datasetVersions.splitFiles(source.datasetId(), source.versionId(), null)
                    : generalLines(task);
            components.add(new RenderComponent(task, chosen, spec.weight(), source.isDataset(), source, lines, null));
        }
        MixtureSource primary = mixture.components().stream().filter(c -> c.source().isDataset())
                .max((a, b) -> Double.compare(a.weight(), b.weight())).map(MixtureComponent::source).orElse(null);
        RenderTarget target = primary == null
                ? new RenderTarget(GENERAL_DATASET_ID, GENERAL_VERSION_ID, mixture.name(), "mixture")
                : new RenderTarget(primary.datasetId(), primary.versionId(), mixture.name(), "mixture");
        return runner.run(target, components, mixture.totalExamples(), seedOrDefault(mixture.seed()),
                limit(maxInputTokens));
    }

    /** The task's shipped general sample set, replayed against forgetting. */
    private Map<String, LineSource> generalLines(TaskDefinition task) {
        Map<String, LineSource> lines = new LinkedHashMap<>();
        for (String split : GeneralSets.SPLITS) {
            lines.put(split, () -> generalSets.open(task.replaySet(), split));
        }
        return lines;
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
            throw new InvalidRenderException(InvalidRenderException.INVALID_MAX_INPUT_TOKENS,
                    "maxInputTokens must be positive");
        }
        return limit;
    }
}

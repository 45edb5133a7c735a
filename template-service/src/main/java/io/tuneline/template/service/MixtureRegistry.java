package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.library.MixtureComponent;
import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Named multi-task mixtures, kept in S3 next to the custom templates. */
@ApplicationScoped
public class MixtureRegistry {

    /** Bounds the work of one render request. */
    static final long MAX_TOTAL_EXAMPLES = 10_000_000L;

    private final LibraryEntries<Mixture> entries;
    private final TaskRegistry tasks;
    private final TemplateRegistry templates;

    MixtureRegistry(LibraryStore store, TaskRegistry tasks, TemplateRegistry templates) {
        this.entries = new LibraryEntries<>(store, LibraryStore.MIXTURES, Mixture.class, TaskDefinition.NAME,
                name -> Optional.empty(), "mixture", "mixture");
        this.tasks = tasks;
        this.templates = templates;
    }

    public List<Mixture> all() {
        return entries.custom().stream()
                .sorted(Comparator.comparing(Mixture::name)).toList();
    }

    public Optional<Mixture> find(String name) {
        return entries.find(name);
    }

    public Mixture require(String name) {
        return entries.require(name);
    }

    public Mixture create(Mixture mixture) {
        validate(mixture);
        if (entries.find(mixture.name()).isPresent()) {
            throw ApiException.conflict("mixture-exists", "a mixture named '" + mixture.name() + "' already exists");
        }
        entries.put(mixture.name(), mixture);
        return mixture;
    }

    private void validate(Mixture mixture) {
        if (mixture.name() == null || !TaskDefinition.NAME.matcher(mixture.name()).matches()) {
            throw invalid("mixture names are 1-64 of a-z, 0-9, '_', '.', '-' and start with a letter or digit: '"
                    + mixture.name() + "'");
        }
        if (mixture.components().isEmpty()) {
            throw invalid("a mixture has at least one component");
        }
        if (mixture.totalExamples() != null
                && (mixture.totalExamples() < 1 || mixture.totalExamples() > MAX_TOTAL_EXAMPLES)) {
            throw invalid("totalExamples must be between 1 and " + MAX_TOTAL_EXAMPLES);
        }
        for (MixtureComponent component : mixture.components()) {
            if (!(component.weight() > 0) || Double.isInfinite(component.weight())) {
                throw invalid("component '" + component.task() + "' needs a positive weight");
            }
            TaskDefinition task = tasks.require(component.task());
            templates.forRender(task.name(), component.templateIds());
            MixtureSource source = component.source();
            if (source == null) {
                throw invalid("component '" + task.name() + "' needs a source: {\"datasetId\",\"versionId\"} or "
                        + "{\"kind\":\"general\"}");
            }
            if (source.isDataset()) {
                if (source.datasetId() == null || source.versionId() == null) {
                    throw invalid("component '" + task.name() + "' reads a dataset: give datasetId and versionId");
                }
                StorageLayout.id(source.datasetId());
                StorageLayout.id(source.versionId());
            } else if (!MixtureSource.GENERAL.equals(source.kind())) {
                throw invalid("source kind '" + source.kind() + "' is neither 'dataset' nor 'general'");
            } else if (task.replaySet() == null) {
                throw invalid("task '" + task.name() + "' has no shipped general sample set to replay");
            }
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest("invalid-mixture", message);
    }
}

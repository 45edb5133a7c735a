package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a mixture component's examples come from: a dataset version ({@code kind = dataset}) or the shipped
 * general-task sample set of the component's task ({@code kind = general}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MixtureSource(String kind, String datasetId, String versionId) {

    public static final String DATASET = "dataset";
    public static final String GENERAL = "general";

    public MixtureSource {
        if (kind == null || kind.isBlank()) {
            kind = datasetId != null ? DATASET : GENERAL;
        }
    }

    public boolean isDataset() {
        return DATASET.equals(kind);
    }
}

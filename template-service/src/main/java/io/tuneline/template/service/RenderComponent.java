package io.tuneline.template.service;

import io.tuneline.template.library.MixtureSource;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;

import java.util.List;
import java.util.Map;

/**
 * One task of a render with what it reads: a plain render has one component, a mixture several. An {@code anchor}
 * (a dataset) decides which splits exist; replay components only add to them. {@code segments} are the dataset
 * segments behind {@code splits} when the version is made of segments, else null.
 */
record RenderComponent(TaskDefinition task, List<PromptTemplate> templates, double weight, boolean anchor,
                       MixtureSource source, Map<String, LineSource> splits,
                       Map<String, List<DatasetVersions.Segment>> segments) {
}

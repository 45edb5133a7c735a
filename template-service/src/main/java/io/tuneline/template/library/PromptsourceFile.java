package io.tuneline.template.library;

import java.util.List;

/** The content of a promptsource {@code templates.yaml}: the dataset (and subset) it is for, and its templates. */
public record PromptsourceFile(String dataset, String subset, List<PromptTemplate> templates) {

    public PromptsourceFile {
        templates = List.copyOf(templates);
    }
}

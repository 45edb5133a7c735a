package io.tuneline.template.library;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** One task in a mixture: its examples' source, the templates to use (all of the task's when absent), a weight. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MixtureComponent(String task, List<String> templateIds, MixtureSource source, double weight) {

    public MixtureComponent {
        templateIds = templateIds == null || templateIds.isEmpty() ? null : List.copyOf(templateIds);
    }
}

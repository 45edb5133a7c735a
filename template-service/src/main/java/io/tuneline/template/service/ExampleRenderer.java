package io.tuneline.template.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.storage.PromptLine;
import io.tuneline.template.engine.FittedPrompt;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.engine.RenderException;
import io.tuneline.template.engine.TemplateChooser;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.mapping.ExampleMapper;
import io.tuneline.template.mapping.MappedExample;

import java.io.IOException;
import java.io.Writer;

/**
 * Turns one example line into one prompt line of a render: map it onto the task's fields, pick its phrasing by
 * seed and example id, fit it to the input limit. A line that cannot become a prompt is counted by reason and
 * left out, never written half-empty.
 */
final class ExampleRenderer {

    static final String INVALID_JSON = "invalid-json";
    static final String MISSING_FIELD = "missing-field";

    private final ObjectMapper mapper;
    private final LengthLimiter limiter;
    private final long seed;

    ExampleRenderer(ObjectMapper mapper, LengthLimiter limiter, long seed) {
        this.mapper = mapper;
        this.limiter = limiter;
        this.seed = seed;
    }

    long seed() {
        return seed;
    }

    /** Renders {@code selected} (a line of {@code split}) and appends it to {@code out}, counting it in {@code tally}. */
    void render(RenderComponent component, String split, ComponentCursor.Selected selected, Writer out,
                SplitTally tally) throws IOException {
        TaskDefinition task = component.task();
        JsonNode line;
        try {
            line = mapper.readTree(selected.line());
        } catch (JsonProcessingException e) {
            tally.skip(INVALID_JSON);
            return;
        }
        if (line == null || !line.isObject()) {
            tally.skip(INVALID_JSON);
            return;
        }
        MappedExample example = ExampleMapper.map(task, line, split + "-line-" + selected.lineNumber());
        if (!example.renderable()) {
            tally.skip(MISSING_FIELD);
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
        out.write(mapper.writeValueAsString(new PromptLine(fitted.rendered().prompt(),
                fitted.rendered().completion(), task.name(), template.id(), example.exampleId())));
        out.write('\n');
        tally.rendered(task.name(), template.id(), fitted);
    }
}

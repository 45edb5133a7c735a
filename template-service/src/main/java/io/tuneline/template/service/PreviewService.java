package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.rest.ApiException;
import io.tuneline.template.config.TemplateConfig;
import io.tuneline.template.engine.FittedPrompt;
import io.tuneline.template.engine.LengthLimiter;
import io.tuneline.template.engine.RenderException;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.engine.TemplateProblem;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.mapping.ExampleMapper;
import io.tuneline.template.mapping.MappedExample;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Renders one template on one row (given, or the task's sample) exactly as a render run would. */
@ApplicationScoped
public class PreviewService {

    private final TemplateRegistry templates;
    private final TaskRegistry tasks;
    private final TemplateEngine engine;
    private final TokenizerProvider tokenizers;
    private final TemplateConfig config;
    private final ObjectMapper mapper;

    PreviewService(TemplateRegistry templates, TaskRegistry tasks, TemplateEngine engine,
                   TokenizerProvider tokenizers, TemplateConfig config, ObjectMapper mapper) {
        this.templates = templates;
        this.tasks = tasks;
        this.engine = engine;
        this.tokenizers = tokenizers;
        this.config = config;
        this.mapper = mapper;
    }

    /** Either {@code templateId} (a stored template) or {@code template} (an unsaved one, with its task). */
    public record PreviewRequest(String templateId, PromptTemplate template, Map<String, Object> row,
                                 Integer maxInputTokens) {
    }

    public record Preview(String templateId, String task, String exampleId, String prompt, String completion,
                          int promptTokens, int maxInputTokens, boolean truncated, boolean overLimit) {
    }

    public Preview preview(PreviewRequest request) {
        PromptTemplate template = template(request);
        TaskDefinition task = tasks.require(template.task());
        Map<String, Object> row = request.row() != null ? request.row() : task.sample();
        if (row == null) {
            throw ApiException.badRequest("no-sample-row", "task '" + task.name() + "' has no sample: give a row");
        }
        MappedExample example = ExampleMapper.map(task, mapper.valueToTree(row), "preview");
        if (!example.renderable()) {
            throw ApiException.badRequest("row-does-not-fit", "the row does not fit task '" + task.name() + "': "
                    + String.join("; ", example.problems()), Map.of("problems", example.problems()));
        }
        int limit = request.maxInputTokens() != null ? request.maxInputTokens() : config.maxInputTokens();
        if (limit < 1) {
            throw ApiException.badRequest("invalid-max-input-tokens", "maxInputTokens must be positive");
        }
        try {
            FittedPrompt fitted = new LengthLimiter(engine, tokenizers.get(), limit)
                    .fit(template, example.variables(), task.dataField());
            return new Preview(template.id(), task.name(), example.exampleId(), fitted.rendered().prompt(),
                    fitted.rendered().completion(), fitted.promptTokens(), limit, fitted.truncated(),
                    fitted.overLimit());
        } catch (RenderException e) {
            throw ApiException.badRequest("render-failed", "the template cannot render this row (" + e.reason()
                    + "): " + e.getMessage(), Map.of("reason", e.reason()));
        }
    }

    private PromptTemplate template(PreviewRequest request) {
        if ((request.templateId() == null) == (request.template() == null)) {
            throw ApiException.badRequest("invalid-preview", "give either templateId or template");
        }
        if (request.templateId() != null) {
            return templates.require(request.templateId());
        }
        PromptTemplate inline = request.template();
        TaskDefinition task = tasks.require(inline.task());
        String id = inline.id() != null ? inline.id() : "preview";
        List<TemplateProblem> problems = engine.validate(inline.jinja(), inline.answerChoices(), task);
        if (!problems.isEmpty()) {
            throw TemplateRegistry.invalidTemplate(id, problems);
        }
        return new PromptTemplate(id, task.name(), inline.name(), inline.jinja(), inline.answerChoices(),
                inline.reference(), inline.metadata(), null);
    }
}

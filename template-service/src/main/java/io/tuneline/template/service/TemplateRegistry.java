package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.engine.TemplateProblem;
import io.tuneline.template.library.InvalidLibraryFileException;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.PromptsourceFile;
import io.tuneline.template.library.PromptsourceFormat;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.library.TaskDefinition;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The shipped templates plus custom ones (added over REST or imported from promptsource files, kept in S3). A
 * template is accepted only if it compiles, separates prompt and target with {@code |||}, and uses only fields of
 * its task.
 */
@ApplicationScoped
public class TemplateRegistry {

    private final ShippedLibrary shipped;
    private final LibraryEntries<PromptTemplate> entries;
    private final TaskRegistry tasks;
    private final TemplateEngine engine;

    TemplateRegistry(ShippedLibrary shipped, LibraryStore store, TaskRegistry tasks, TemplateEngine engine) {
        this.shipped = shipped;
        this.entries = new LibraryEntries<>(store, LibraryStore.TEMPLATES, PromptTemplate.class, PromptTemplate.ID,
                shipped::template, "template", "templateId");
        this.tasks = tasks;
        this.engine = engine;
    }

    /** All templates, or those of one task; shipped first, then custom ones by id. */
    public List<PromptTemplate> all(String task) {
        List<PromptTemplate> result = new ArrayList<>(shipped.templates());
        entries.custom().stream()
                .sorted(Comparator.comparing(PromptTemplate::id)).forEach(result::add);
        return task == null ? result : result.stream().filter(t -> t.task().equals(task)).toList();
    }

    public Optional<PromptTemplate> find(String id) {
        return entries.find(id);
    }

    public PromptTemplate require(String id) {
        return entries.require(id);
    }

    /**
     * The templates a render uses for a task, sorted by id so the seeded choice does not depend on the order
     * they were added in; {@code ids} (optional) picks a subset, each of which must belong to the task.
     */
    public List<PromptTemplate> forRender(String task, List<String> ids) {
        return forRender(task, ids, Set.of());
    }

    /**
     * The templates a render uses: the named ones, or else every template of the task that suits the data — one
     * written for a domain (a support-chat phrasing) only when the dataset carries that tag.
     */
    public List<PromptTemplate> forRender(String task, List<String> ids, Set<String> datasetTags) {
        List<PromptTemplate> chosen;
        if (ids == null || ids.isEmpty()) {
            chosen = all(task).stream().filter(t -> t.domain() == null || datasetTags.contains(t.domain()))
                    .toList();
        } else {
            chosen = new ArrayList<>();
            for (String id : new HashSet<>(ids)) {
                PromptTemplate template = require(id);
                if (!template.task().equals(task)) {
                    throw ApiException.badRequest("template-task-mismatch", "template '" + id + "' is for task '"
                            + template.task() + "', not '" + task + "'");
                }
                chosen.add(template);
            }
        }
        if (chosen.isEmpty()) {
            throw ApiException.badRequest("no-templates", "task '" + task + "' has no templates");
        }
        return chosen.stream().sorted(Comparator.comparing(PromptTemplate::id)).toList();
    }

    public PromptTemplate add(PromptTemplate request) {
        TaskDefinition task = tasks.require(request.task());
        PromptTemplate template = normalize(request, task);
        List<TemplateProblem> problems = engine.validate(template.jinja(), template.answerChoices(), task);
        if (!problems.isEmpty()) {
            throw invalidTemplate(template.id(), problems);
        }
        requireNew(template.id());
        entries.put(template.id(), template);
        return template;
    }

    public void delete(String id) {
        PromptTemplate template = require(id);
        if (template.origin() == Origin.SHIPPED) {
            throw ApiException.conflict("shipped-template", "template '" + id
                    + "' ships with the service and cannot be deleted");
        }
        entries.delete(id);
    }

    /**
     * Imports a promptsource {@code templates.yaml} as it is, all or nothing. The task is {@code taskName}, or
     * else the file's {@code dataset} (with {@code /subset} when the file has one, then the plain dataset).
     */
    public ImportResult importPromptsource(String yaml, String taskName) {
        PromptsourceFile file;
        try {
            file = PromptsourceFormat.parse(yaml);
        } catch (InvalidLibraryFileException e) {
            throw ApiException.badRequest("invalid-promptsource-file", e.getMessage());
        }
        TaskDefinition task = tasks.require(taskName != null ? taskName : taskOf(file));
        List<PromptTemplate> accepted = new ArrayList<>();
        Map<String, List<TemplateProblem>> problems = new LinkedHashMap<>();
        Set<String> ids = new HashSet<>();
        for (PromptTemplate parsed : file.templates()) {
            PromptTemplate template = normalize(parsed.withTask(task.name()), task);
            if (!ids.add(template.id())) {
                throw ApiException.badRequest("duplicate-template-id", "template id '" + template.id()
                        + "' appears twice in the file");
            }
            List<TemplateProblem> found = engine.validate(template.jinja(), template.answerChoices(), task);
            if (!found.isEmpty()) {
                problems.put(template.id(), found);
            }
            accepted.add(template);
        }
        if (!problems.isEmpty()) {
            Map.Entry<String, List<TemplateProblem>> first = problems.entrySet().iterator().next();
            TemplateProblem firstProblem = first.getValue().get(0);
            throw ApiException.badRequest(firstProblem.code(), "template '" + first.getKey() + "': "
                    + describe(firstProblem) + (problems.size() > 1 ? " (and " + (problems.size() - 1)
                    + " more invalid template(s))" : ""), Map.of("problems", problems));
        }
        for (PromptTemplate template : accepted) {
            requireNew(template.id());
        }
        accepted.forEach(template -> entries.put(template.id(), template));
        return new ImportResult(task.name(), file.dataset(), file.subset(),
                accepted.stream().map(PromptTemplate::id).toList());
    }

    /** What an import stored. */
    public record ImportResult(String task, String dataset, String subset, List<String> imported) {
    }

    private String taskOf(PromptsourceFile file) {
        if (file.dataset() == null) {
            throw ApiException.badRequest("unknown-task",
                    "the file names no dataset: pass the task to import its templates into");
        }
        if (file.subset() != null) {
            String withSubset = file.dataset() + "." + file.subset();
            if (TaskDefinition.NAME.matcher(withSubset).matches() && tasks.find(withSubset).isPresent()) {
                return withSubset;
            }
        }
        return file.dataset();
    }

    private void requireNew(String id) {
        if (find(id).isPresent()) {
            throw ApiException.conflict("template-exists", "a template with id '" + id + "' already exists",
                    Map.of("templateId", id));
        }
    }

    private static PromptTemplate normalize(PromptTemplate request, TaskDefinition task) {
        String id = request.id() == null || request.id().isBlank() ? UUID.randomUUID().toString() : request.id();
        if (!PromptTemplate.ID.matcher(id).matches()) {
            throw ApiException.badRequest("invalid-template-id", "template ids are 1-128 of letters, digits, '.', "
                    + "'_', '-' and start with a letter or digit: '" + id + "'");
        }
        return new PromptTemplate(id, task.name(), request.name() == null ? id : request.name(), request.jinja(),
                request.answerChoices(), request.reference(), request.metadata(), Origin.CUSTOM);
    }

    static ApiException invalidTemplate(String id, List<TemplateProblem> problems) {
        TemplateProblem first = problems.get(0);
        return ApiException.badRequest(first.code(), "template '" + id + "': " + describe(first)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more problem(s))" : ""),
                Map.of("templateId", id, "problems", problems));
    }

    static String describe(TemplateProblem problem) {
        StringBuilder text = new StringBuilder(problem.message());
        if (problem.line() != null) {
            text.append(" at ").append(problem.part()).append(" line ").append(problem.line());
            if (problem.column() != null) {
                text.append(", column ").append(problem.column());
            }
        }
        return text.toString();
    }
}

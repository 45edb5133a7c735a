package io.tuneline.template.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.common.rest.ApiException;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.FieldType;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;
import io.tuneline.template.mapping.ExampleMapper;
import io.tuneline.template.mapping.MappedExample;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The shipped tasks plus the custom ones declared over REST (kept in S3). */
@ApplicationScoped
public class TaskRegistry {

    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern SOURCE_PATH = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final ShippedLibrary shipped;
    private final LibraryEntries<TaskDefinition> entries;
    private final GeneralSets generalSets;
    private final ObjectMapper mapper;

    TaskRegistry(ShippedLibrary shipped, LibraryStore store, GeneralSets generalSets, ObjectMapper mapper) {
        this.shipped = shipped;
        this.entries = new LibraryEntries<>(store, LibraryStore.TASKS, TaskDefinition.class, TaskDefinition.NAME,
                shipped::task, "task", "task");
        this.generalSets = generalSets;
        this.mapper = mapper;
    }

    public List<TaskDefinition> all() {
        List<TaskDefinition> tasks = new ArrayList<>(shipped.tasks());
        tasks.addAll(entries.custom());
        return tasks;
    }

    public Optional<TaskDefinition> find(String name) {
        return entries.find(name);
    }

    public TaskDefinition require(String name) {
        return entries.require(name);
    }

    public TaskDefinition create(TaskDefinition request) {
        TaskDefinition task = request.withOrigin(Origin.CUSTOM);
        validate(task);
        if (find(task.name()).isPresent()) {
            throw ApiException.conflict("task-exists", "a task named '" + task.name() + "' already exists");
        }
        entries.put(task.name(), task);
        return task;
    }

    private void validate(TaskDefinition task) {
        if (task.name() == null || !TaskDefinition.NAME.matcher(task.name()).matches()) {
            throw invalid("task names are 1-64 of a-z, 0-9, '_', '.', '-' and start with a letter or digit: '"
                    + task.name() + "'");
        }
        if (task.fields().isEmpty()) {
            throw invalid("a task declares at least one field");
        }
        Set<String> names = new HashSet<>();
        for (TaskField field : task.fields()) {
            if (field.name() == null || !FIELD_NAME.matcher(field.name()).matches()) {
                throw invalid("field names are identifiers (letters, digits, '_'): '" + field.name() + "'");
            }
            if (TemplateEngine.ANSWER_CHOICES.equals(field.name())) {
                throw invalid("'answer_choices' is reserved for the templates' answer choices");
            }
            if (!SOURCE_PATH.matcher(field.source()).matches()) {
                throw invalid("field '" + field.name() + "' has an invalid source path '" + field.source() + "'");
            }
            if (!names.add(field.name())) {
                throw invalid("field '" + field.name() + "' is declared twice");
            }
        }
        if (task.dataField() != null && task.field(task.dataField()).map(f -> f.type() != FieldType.TEXT)
                .orElse(true)) {
            throw invalid("dataField '" + task.dataField() + "' must name a text field of the task");
        }
        if (task.replaySet() != null && !generalSets.exists(task.replaySet())) {
            throw invalid("replaySet '" + task.replaySet() + "' is not one of " + GeneralSets.SETS);
        }
        if (task.sample() != null) {
            MappedExample sample = ExampleMapper.map(task, mapper.valueToTree(task.sample()), "sample");
            if (!sample.renderable()) {
                throw invalid("the sample does not fit the fields: " + String.join("; ", sample.problems()));
            }
        }
    }

    private static ApiException invalid(String message) {
        return ApiException.badRequest("invalid-task", message);
    }
}

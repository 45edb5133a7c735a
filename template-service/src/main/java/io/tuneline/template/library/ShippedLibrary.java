package io.tuneline.template.library;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tasks and templates that ship on the classpath: {@code tasks.yaml} declares the tasks, and
 * {@code templates/<task>.yaml} holds each task's phrasings in promptsource's format (one format everywhere).
 */
@ApplicationScoped
public class ShippedLibrary {

    static final String TASKS_RESOURCE = "tasks.yaml";
    static final String TEMPLATES_FOLDER = "templates/";

    private static final ObjectMapper TASK_MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Map<String, TaskDefinition> tasks;
    private final Map<String, PromptTemplate> templates;

    public ShippedLibrary() {
        Map<String, TaskDefinition> loadedTasks = new LinkedHashMap<>();
        Map<String, PromptTemplate> loadedTemplates = new LinkedHashMap<>();
        for (TaskDefinition task : readTasks()) {
            loadedTasks.put(task.name(), task);
            String resource = TEMPLATES_FOLDER + task.name() + ".yaml";
            PromptsourceFile file = PromptsourceFormat.parse(read(resource));
            if (!task.name().equals(file.dataset())) {
                throw new InvalidLibraryFileException(resource + " declares dataset '" + file.dataset()
                        + "' instead of '" + task.name() + "'");
            }
            for (PromptTemplate template : file.templates()) {
                if (loadedTemplates.putIfAbsent(template.id(),
                        template.withTask(task.name()).withOrigin(Origin.SHIPPED)) != null) {
                    throw new InvalidLibraryFileException("template id '" + template.id() + "' is used twice");
                }
            }
        }
        this.tasks = Collections.unmodifiableMap(loadedTasks);
        this.templates = Collections.unmodifiableMap(loadedTemplates);
    }

    public List<TaskDefinition> tasks() {
        return List.copyOf(tasks.values());
    }

    public Optional<TaskDefinition> task(String name) {
        return Optional.ofNullable(tasks.get(name));
    }

    public List<PromptTemplate> templates() {
        return List.copyOf(templates.values());
    }

    public Optional<PromptTemplate> template(String id) {
        return Optional.ofNullable(templates.get(id));
    }

    private static List<TaskDefinition> readTasks() {
        try {
            JsonNode root = new YAMLMapper().readTree(read(TASKS_RESOURCE));
            List<TaskDefinition> result = new ArrayList<>();
            for (JsonNode node : root.path("tasks")) {
                result.add(TASK_MAPPER.treeToValue(node, TaskDefinition.class).withOrigin(Origin.SHIPPED));
            }
            return result;
        } catch (IOException e) {
            throw new InvalidLibraryFileException(TASKS_RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    static String read(String resource) {
        try (InputStream in = openResource(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    static InputStream openResource(String resource) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource);
        if (in == null) {
            in = ShippedLibrary.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            throw new InvalidLibraryFileException("the classpath has no " + resource);
        }
        return in;
    }
}

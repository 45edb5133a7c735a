package io.tuneline.deploy.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses rendered Kubernetes manifests into Fabric8's typed model, the way an API server's strict field validation
 * would judge them without a cluster: a wrong type fails the parse, an unknown field (which Fabric8 keeps aside in
 * {@code additionalProperties} instead of failing) is reported with its path, and a kind Fabric8 does not know is
 * reported too. kubectl's offline parsing accepts all three.
 */
public final class StrictManifests {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper TYPED = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private StrictManifests() {
    }

    public record Result(int objects, List<String> problems) {
    }

    public static Result check(Path manifests) throws IOException {
        List<String> problems = new ArrayList<>();
        int objects = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(manifests.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                // A List object, or a JSON array of objects (what `kubectl ... -o json | jq -s` gives).
                JsonNode items = document.isArray() ? document : document.path("items");
                if (document.isArray() || "List".equals(document.path("kind").asText())) {
                    for (JsonNode item : items) {
                        objects++;
                        problems.addAll(checkObject(item));
                    }
                } else {
                    objects++;
                    problems.addAll(checkObject(document));
                }
            }
        }
        return new Result(objects, problems);
    }

    /** The problems of one object, each prefixed with {@code Kind/name}. */
    public static List<String> checkObject(JsonNode object) {
        String name = object.path("kind").asText("?") + "/" + object.path("metadata").path("name").asText("?");
        List<String> problems = new ArrayList<>();
        if (object.path("apiVersion").asText().isEmpty() || object.path("kind").asText().isEmpty()) {
            problems.add(name + ": apiVersion and kind are required");
            return problems;
        }
        KubernetesResource typed;
        try {
            typed = TYPED.treeToValue(object, KubernetesResource.class);
        } catch (JsonMappingException e) {
            problems.add(name + ": " + pathOf(e) + ": " + e.getOriginalMessage());
            return problems;
        } catch (JsonProcessingException e) {
            problems.add(name + ": " + e.getOriginalMessage());
            return problems;
        }
        if (typed instanceof GenericKubernetesResource) {
            problems.add(name + ": unknown kind " + object.path("apiVersion").asText() + " " + object.path("kind").asText());
            return problems;
        }
        findUnknownFields(typed, "", problems);
        problems.replaceAll(problem -> name + ": " + problem);
        return problems;
    }

    /** Walks Fabric8 objects through their getters; any additionalProperties entry is a field the schema lacks. */
    private static void findUnknownFields(Object value, String path, List<String> problems) {
        if (value instanceof Collection<?> items) {
            int index = 0;
            for (Object item : items) {
                findUnknownFields(item, path + "[" + index++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> entries) {
            entries.forEach((key, item) -> findUnknownFields(item, path + "." + key, problems));
            return;
        }
        if (value == null || !value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : value.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            Object property = invoke(getter, value);
            if (getter.getName().equals("getAdditionalProperties")) {
                if (property instanceof Map<?, ?> unknown && !unknown.isEmpty()) {
                    unknown.keySet().forEach(key -> problems.add("unknown field " + join(path, String.valueOf(key))));
                }
            } else {
                findUnknownFields(property, join(path, propertyName(getter)), problems);
            }
        }
    }

    /** The field path Jackson was at, e.g. {@code spec.template.spec.containers[0].ports[0].containerPort}. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "(top level)" : path.toString();
    }

    private static Object invoke(Method getter, Object target) {
        try {
            return getter.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return null;
        }
    }

    private static String propertyName(Method getter) {
        String name = getter.getName().substring(3);
        return Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}

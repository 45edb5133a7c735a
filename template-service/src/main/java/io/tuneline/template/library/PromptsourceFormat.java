package io.tuneline.template.library;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads promptsource's {@code templates.yaml} as it is: {@code dataset}, optional {@code subset}, and a
 * {@code templates} map of id → {@code !Template}. The custom tags ({@code !Template}, {@code !TemplateMetadata})
 * are read as plain maps. {@code answer_choices} may be a Jinja string ({@code "No ||| Yes"}) or, as in older
 * files, a list.
 */
public final class PromptsourceFormat {

    /** promptsource's separator between prompt and target, and between answer choices. */
    public static final String SEPARATOR = "|||";

    private static final ObjectMapper YAML = new YAMLMapper();

    private PromptsourceFormat() {
    }

    public static PromptsourceFile parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new InvalidLibraryFileException("not valid YAML" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidLibraryFileException(
                    "a promptsource file is a YAML mapping with 'dataset' and 'templates'");
        }
        JsonNode templates = root.get("templates");
        if (templates == null || !templates.isObject() || templates.isEmpty()) {
            throw new InvalidLibraryFileException("the file has no 'templates' mapping of id -> !Template");
        }
        List<PromptTemplate> parsed = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = templates.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            parsed.add(template(entry.getKey(), entry.getValue()));
        }
        return new PromptsourceFile(text(root, "dataset"), text(root, "subset"), parsed);
    }

    private static PromptTemplate template(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new InvalidLibraryFileException("template '" + key + "' is not a mapping");
        }
        String id = text(node, "id");
        if (id == null) {
            id = key;
        } else if (!id.equals(key)) {
            throw new InvalidLibraryFileException("template '" + key + "' declares a different id '" + id + "'");
        }
        String jinja = text(node, "jinja");
        if (jinja == null) {
            throw new InvalidLibraryFileException("template '" + key + "' has no 'jinja'");
        }
        JsonNode metadata = node.get("metadata");
        Map<String, Object> metadataMap = metadata == null || !metadata.isObject() ? Map.of()
                : YAML.convertValue(metadata, LinkedHashMap.class);
        return new PromptTemplate(id, null, text(node, "name"), jinja, answerChoices(node.get("answer_choices")),
                text(node, "reference"), metadataMap, null);
    }

    private static String answerChoices(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            List<String> choices = new ArrayList<>();
            node.forEach(choice -> choices.add(choice.asText()));
            return String.join(" " + SEPARATOR + " ", choices);
        }
        return node.asText();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}

package io.tuneline.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads prompt/completion JSONL (template-service's split files): {@code prompt}, {@code completion}, optional
 * {@code references} (a list of strings), {@code exampleId}, {@code task}. Blank lines are skipped; a bad line is an
 * {@link InvalidPromptFileException} naming the line and the reason, and nothing is returned.
 */
public final class PromptFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private PromptFile() {
    }

    public static List<TestExample> read(Path jsonl) {
        try (Reader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            return read(reader, jsonl.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jsonl, e);
        }
    }

    /** @param source names the input in error messages (a path or an S3 key) */
    public static List<TestExample> read(Reader reader, String source) {
        List<TestExample> examples = new ArrayList<>();
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        try {
            String line;
            int number = 0;
            while ((line = lines.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    examples.add(parse(line, source, number));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return examples;
    }

    private static TestExample parse(String line, String source, int number) {
        JsonNode row;
        try {
            row = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new InvalidPromptFileException(source, number, "not valid JSON: " + e.getOriginalMessage());
        }
        if (row == null || !row.isObject()) {
            throw new InvalidPromptFileException(source, number, "expected a JSON object");
        }
        String prompt = text(row, "prompt", source, number);
        if (prompt == null || prompt.isBlank()) {
            throw new InvalidPromptFileException(source, number, "missing or empty 'prompt'");
        }
        Set<String> references = new LinkedHashSet<>();
        String completion = text(row, "completion", source, number);
        if (completion != null) {
            references.add(completion);
        }
        JsonNode list = row.get("references");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new InvalidPromptFileException(source, number, "'references' must be a list of strings");
            }
            for (JsonNode reference : list) {
                if (!reference.isTextual()) {
                    throw new InvalidPromptFileException(source, number, "'references' must be a list of strings");
                }
                references.add(reference.asText());
            }
        }
        if (references.isEmpty()) {
            throw new InvalidPromptFileException(source, number, "needs a 'completion' or 'references'");
        }
        String id = text(row, "exampleId", source, number);
        String task = text(row, "task", source, number);
        return new TestExample(id == null ? "line-" + number : id, task == null ? "" : task, prompt,
                new ArrayList<>(references));
    }

    private static String text(JsonNode row, String field, String source, int number) {
        JsonNode value = row.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new InvalidPromptFileException(source, number, "'" + field + "' must be a string");
        }
        return value.asText();
    }
}

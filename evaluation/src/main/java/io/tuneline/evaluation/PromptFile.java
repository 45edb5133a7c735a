package io.tuneline.evaluation;

import io.tuneline.contracts.storage.MalformedPromptLineException;
import io.tuneline.contracts.storage.PromptLine;
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
 * Reads prompt/completion JSONL (template-service's split files, one {@link PromptLine} a line): {@code prompt},
 * {@code completion}, optional {@code references} (a list of strings), {@code exampleId}, {@code task}; other fields
 * are ignored. Blank lines are skipped; a bad line is an {@link InvalidPromptFileException} naming the line and the
 * reason, and nothing is returned.
 */
public final class PromptFile {

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
                    examples.add(testExample(parse(line, source, number), source, number));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return examples;
    }

    private static PromptLine parse(String line, String source, int number) {
        try {
            return PromptLine.parse(line);
        } catch (MalformedPromptLineException e) {
            throw new InvalidPromptFileException(source, number, e.reason());
        }
    }

    /** The references are the completion first, then the listed ones, each once. */
    private static TestExample testExample(PromptLine row, String source, int number) {
        if (row.prompt() == null || row.prompt().isBlank()) {
            throw new InvalidPromptFileException(source, number, "missing or empty 'prompt'");
        }
        Set<String> references = new LinkedHashSet<>();
        if (row.completion() != null) {
            references.add(row.completion());
        }
        if (row.references() != null) {
            references.addAll(row.references());
        }
        if (references.isEmpty()) {
            throw new InvalidPromptFileException(source, number, "needs a 'completion' or 'references'");
        }
        return new TestExample(row.exampleId() == null ? "line-" + number : row.exampleId(),
                row.task() == null ? "" : row.task(), row.prompt(), new ArrayList<>(references));
    }
}

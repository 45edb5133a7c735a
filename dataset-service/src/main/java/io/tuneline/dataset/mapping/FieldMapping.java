package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.UnreadableUploadException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which source field feeds which canonical field. Resolved once per upload from the explicit {@code map.*}
 * parameters and, for what they leave open, from the well-known names of DialogSum, the common CSV export and
 * instruction datasets.
 *
 * @param id         source of {@code id}; null derives ids from the content hash
 * @param input      source of {@code input} (required)
 * @param output     source of {@code output} (required)
 * @param topic      source of {@code topic}, or null
 * @param group      source of {@code group}, or null (only ever set explicitly)
 * @param references sources of extra reference outputs, possibly empty
 */
public record FieldMapping(String id, String input, String output, String topic, String group,
                           List<String> references) {

    public static final String ID = "id";
    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final String TOPIC = "topic";
    public static final String GROUP = "group";
    public static final String REFERENCES = "references";

    private static final List<String> ID_NAMES = List.of("id", "fname", "chatId", "chat_id");
    private static final List<String> INPUT_NAMES = List.of("dialogue", "input", "prompt");
    private static final List<String> OUTPUT_NAMES = List.of("summary", "output", "completion", "summary1");
    private static final List<String> DIALOGSUM_OUTPUT_NAMES = List.of("summary", "summary1");
    private static final int MAX_NUMBERED_REFERENCES = 9;

    public FieldMapping {
        references = List.copyOf(references);
    }

    /**
     * @param overrides   canonical field name → source field, from the request
     * @param columns     the fields the upload has
     * @param dialogSum   restrict guessing to DialogSum's names ({@code fname}, {@code dialogue}, {@code summary})
     * @param columnsLine where the columns were read, for the error position
     */
    public static FieldMapping resolve(Map<String, String> overrides, List<String> columns, boolean dialogSum,
                                       long columnsLine) {
        Predicate<String> present = columns::contains;
        String input = choose(overrides, INPUT, dialogSum ? List.of("dialogue") : INPUT_NAMES, present, columns,
                columnsLine, true);
        String output = choose(overrides, OUTPUT, dialogSum ? DIALOGSUM_OUTPUT_NAMES : OUTPUT_NAMES, present,
                columns, columnsLine, true);
        String id = choose(overrides, ID, dialogSum ? List.of("fname") : ID_NAMES, present, columns, columnsLine,
                false);
        String topic = choose(overrides, TOPIC, List.of("topic"), present, columns, columnsLine, false);
        String group = choose(overrides, GROUP, List.of(), present, columns, columnsLine, false);
        List<String> references = overrides.containsKey(REFERENCES)
                ? List.of(overrides.get(REFERENCES).split(","))
                : numberedSummaries(present);
        for (String reference : references) {
            requirePresent(reference.strip(), REFERENCES, present, columns, columnsLine);
        }
        return new FieldMapping(id, input, output, topic, group, references.stream().map(String::strip).toList());
    }

    private static String choose(Map<String, String> overrides, String field, List<String> candidates,
                                 Predicate<String> present, List<String> columns, long columnsLine,
                                 boolean required) {
        String explicit = overrides.get(field);
        if (explicit != null && !explicit.isBlank()) {
            return requirePresent(explicit.strip(), field, present, columns, columnsLine);
        }
        Optional<String> guessed = candidates.stream().filter(present).findFirst();
        if (guessed.isEmpty() && required) {
            throw new UnreadableUploadException("unmapped-field", columnsLine, 1,
                    "no field for '" + field + "' (looked for " + candidates + "); the upload has " + columns
                            + ": name one with map." + field + "=<field>");
        }
        return guessed.orElse(null);
    }

    private static String requirePresent(String source, String field, Predicate<String> present,
                                         List<String> columns, long columnsLine) {
        if (!present.test(source)) {
            throw new UnreadableUploadException("unmapped-field", columnsLine, 1,
                    "map." + field + "=" + source + " names a field the upload does not have; it has " + columns);
        }
        return source;
    }

    /** DialogSum's test rows carry summary1..3 beside (or instead of) summary. */
    private static List<String> numberedSummaries(Predicate<String> present) {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= MAX_NUMBERED_REFERENCES; i++) {
            if (present.test("summary" + i)) {
                names.add("summary" + i);
            }
        }
        return names;
    }
}

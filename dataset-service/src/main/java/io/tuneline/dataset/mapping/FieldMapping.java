package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.UnreadableUploadException;
import io.tuneline.dataset.validation.TextChecks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which source field feeds which canonical field. Resolved from the explicit {@code map.*} parameters and, for
 * what they leave open, from the well-known names of DialogSum, the common CSV export and instruction datasets.
 * The upload's mapping (in its report) is resolved from its columns; a JSONL row whose fields differ (a file
 * mixing {@code input/output} and {@code prompt/completion} rows) is mapped by {@link #forRow} from what it has.
 *
 * @param id         source of {@code id}; null derives ids from the content hash
 * @param input      source of {@code input} (required)
 * @param output     source of {@code output} (required)
 * @param topic      source of {@code topic}, or null
 * @param group      source of {@code group}, or null (only ever set explicitly)
 * @param references sources of extra reference outputs, possibly empty
 * @param topics     sources of all topic labels when the upload has several (DialogSum's topic1..3), possibly empty
 */
public record FieldMapping(String id, String input, String output, String topic, String group,
                           List<String> references, List<String> topics) {

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
    private static final List<String> TOPIC_NAMES = List.of("topic", "topic1");
    private static final int MAX_NUMBERED = 9;

    public FieldMapping {
        references = List.copyOf(references);
        topics = List.copyOf(topics);
    }

    public FieldMapping(String id, String input, String output, String topic, String group, List<String> references) {
        this(id, input, output, topic, group, references, List.of());
    }

    /**
     * @param overrides   canonical field name → source field, from the request
     * @param columns     the fields the upload has
     * @param dialogSum   restrict guessing to DialogSum's names ({@code fname}, {@code dialogue}, {@code summary})
     * @param columnsLine where the columns were read, for the error position
     * @throws UnreadableUploadException when a required field cannot be found or an override names a missing one
     */
    public static FieldMapping resolve(Map<String, String> overrides, List<String> columns, boolean dialogSum,
                                       long columnsLine) {
        return new Resolution(overrides, columns, dialogSum, columnsLine, true).mapping();
    }

    /**
     * The mapping of one row whose fields are not the upload's columns: overrides stay, the rest is guessed from
     * the row's own fields; a required field it does not have stays null (the row is then a {@code missing-field}).
     */
    public static FieldMapping forRow(Map<String, String> overrides, Collection<String> rowFields,
                                      boolean dialogSum) {
        return new Resolution(overrides, List.copyOf(rowFields), dialogSum, 0, false).mapping();
    }

    /** Every source field the mapping reads. */
    public List<String> sources() {
        List<String> sources = new ArrayList<>();
        for (String field : new String[]{id, input, output, topic, group}) {
            if (field != null) {
                sources.add(field);
            }
        }
        sources.addAll(references);
        sources.addAll(topics);
        return sources;
    }

    private record Resolution(Map<String, String> overrides, List<String> columns, boolean dialogSum,
                              long columnsLine, boolean strict) {

        FieldMapping mapping() {
            String input = choose(INPUT, dialogSum ? List.of("dialogue") : INPUT_NAMES, true);
            String output = choose(OUTPUT, dialogSum ? DIALOGSUM_OUTPUT_NAMES : OUTPUT_NAMES, true);
            String id = choose(ID, dialogSum ? List.of("fname") : ID_NAMES, false);
            String topic = choose(TOPIC, TOPIC_NAMES, false);
            String group = choose(GROUP, List.of(), false);
            List<String> references = overrides.containsKey(REFERENCES)
                    ? List.of(overrides.get(REFERENCES).split(","))
                    : numbered("summary");
            List<String> present = new ArrayList<>();
            for (String reference : references) {
                String name = reference.strip();
                if (requirePresent(name, REFERENCES) != null) {
                    present.add(name);
                }
            }
            List<String> topics = overrides.containsKey(TOPIC) ? List.of() : numbered("topic");
            return new FieldMapping(id, input, output, topic, group, present, topics.size() > 1 ? topics : List.of());
        }

        private String choose(String field, List<String> candidates, boolean required) {
            String explicit = overrides.get(field);
            if (explicit != null && !explicit.isBlank()) {
                return requirePresent(explicit.strip(), field);
            }
            Optional<String> guessed = candidates.stream().filter(columns::contains).findFirst();
            if (guessed.isEmpty() && required && strict) {
                throw new UnreadableUploadException("unmapped-field", columnsLine, 1,
                        "no field for '" + field + "' (looked for " + candidates + "); the upload has "
                                + describeColumns() + ": name one with map." + field + "=<field>");
            }
            return guessed.orElse(null);
        }

        private String requirePresent(String source, String field) {
            if (columns.contains(source)) {
                return source;
            }
            if (!strict) {
                return null;
            }
            throw new UnreadableUploadException("unmapped-field", columnsLine, 1, "map." + field + "="
                    + TextChecks.excerpt(source) + " names a field the upload does not have; it has "
                    + describeColumns());
        }

        /** The upload's field names for an error: quoted briefly (a header line can be megabytes long). */
        private String describeColumns() {
            return TextChecks.excerpt(columns.toString());
        }

        /** DialogSum's test rows carry summary1..3 beside (or instead of) summary, and topic1..3. */
        private List<String> numbered(String prefix) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= MAX_NUMBERED; i++) {
                if (columns.contains(prefix + i)) {
                    names.add(prefix + i);
                }
            }
            return names;
        }
    }
}

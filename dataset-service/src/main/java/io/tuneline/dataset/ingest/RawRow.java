package io.tuneline.dataset.ingest;

import java.util.Map;

/**
 * One row of an upload as the reader found it: either its named fields or the problem that kept them from being
 * read. {@code payload} is the row's original text for the dead-letter record (Base64 when not UTF-8), capped in
 * size.
 *
 * @param fields     text fields by name (a JSON number that is a whole number is here too, as its literal, for ids)
 * @param valueTypes JSON fields whose value is not a string, by name → {@code number}, {@code boolean},
 *                   {@code array} or {@code object}; such a value is never turned into text
 */
public record RawRow(long line, Map<String, String> fields, Map<String, String> valueTypes, RowProblem problem,
                     String payload) {

    public RawRow {
        valueTypes = valueTypes == null ? Map.of() : valueTypes;
    }

    public static RawRow readable(long line, Map<String, String> fields, String payload) {
        return new RawRow(line, fields, Map.of(), null, payload);
    }

    public static RawRow readable(long line, Map<String, String> fields, Map<String, String> valueTypes,
                                  String payload) {
        return new RawRow(line, fields, valueTypes, null, payload);
    }

    public static RawRow unreadable(long line, RowProblem problem, String payload) {
        return new RawRow(line, null, Map.of(), problem, payload);
    }
}

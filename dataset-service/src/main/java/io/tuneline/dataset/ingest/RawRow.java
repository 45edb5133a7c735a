package io.tuneline.dataset.ingest;

import java.util.Map;

/**
 * One row of an upload as the reader found it: either its named fields or the problem that kept them from being
 * read. {@code payload} is the row's original text for the dead-letter record (Base64 when not UTF-8), capped in
 * size.
 */
public record RawRow(long line, Map<String, String> fields, RowProblem problem, String payload) {

    public static RawRow readable(long line, Map<String, String> fields, String payload) {
        return new RawRow(line, fields, null, payload);
    }

    public static RawRow unreadable(long line, RowProblem problem, String payload) {
        return new RawRow(line, null, problem, payload);
    }
}

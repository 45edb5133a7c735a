package io.tuneline.dataset.ingest;

/**
 * The body cannot be read as the declared format at all (not a single JSON object where JSONL starts, a CSV
 * header without the needed columns, a quote that never closes): the whole upload is refused with the position.
 */
public class UnreadableUploadException extends RuntimeException {

    private final String code;
    private final long line;
    private final long column;

    public UnreadableUploadException(String code, long line, long column, String message) {
        super(message);
        this.code = code;
        this.line = line;
        this.column = column;
    }

    public String code() {
        return code;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }
}

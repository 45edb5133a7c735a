package io.tuneline.dataset.ingest;

import io.tuneline.contracts.text.StrictUtf8.InvalidUtf8Exception;
import io.tuneline.dataset.validation.RejectionCode;
import io.tuneline.dataset.validation.TextChecks;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RFC 4180 CSV with a header row, parsed on bytes: quoted fields may span lines (dialogues do), each record's
 * fields are decoded as strict UTF-8 on their own so a bad byte rejects only its row, and a record is never held
 * beyond the row-size cap. A quote that never closes swallows the rest of the body, so it refuses the upload with
 * the quote's position; any other damage (text after a closing quote, a wrong field count) rejects one row.
 */
public final class CsvRowReader implements RowReader {

    private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

    private final ByteSource source;
    private final int maxRowBytes;
    private final RowBuffer record;
    private final RowBuffer field;
    private final List<String> columns;
    private final List<byte[]> fieldBytes = new ArrayList<>();
    private long line = 1;
    private long column;
    private long recordLine;
    private String recordProblem;
    private long recordBytes;
    private boolean fieldTooLong;

    public CsvRowReader(InputStream in, int maxRowBytes) {
        this.source = new ByteSource(in);
        this.maxRowBytes = maxRowBytes;
        this.record = new RowBuffer(Math.min(maxRowBytes, RowText.MAX_PAYLOAD_BYTES));
        this.field = new RowBuffer(maxRowBytes);
        this.columns = readHeader();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long columnsLine() {
        return 1;
    }

    @Override
    public RawRow next() {
        while (readRecord()) {
            if (fieldBytes.size() == 1 && fieldBytes.get(0).length == 0 && recordProblem == null) {
                continue; // a blank line
            }
            return toRow();
        }
        return null;
    }

    private List<String> readHeader() {
        if (!readRecord()) {
            throw new UnreadableUploadException("empty-upload", 1, 1, "the upload is empty: a CSV header is needed");
        }
        if (recordProblem != null) {
            throw new UnreadableUploadException("malformed-header", 1, 1, "the CSV header is malformed: " + recordProblem);
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (byte[] bytes : fieldBytes) {
            String name;
            try {
                name = RowText.decode(bytes, bytes.length).strip();
            } catch (InvalidUtf8Exception e) {
                throw new UnreadableUploadException("invalid-utf8", 1, 1, "the CSV header is not valid UTF-8");
            }
            if (!seen.add(name)) {
                throw new UnreadableUploadException("duplicate-column", 1, 1,
                        "the CSV header names '" + TextChecks.excerpt(name) + "' twice");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private RawRow toRow() {
        byte[] raw = withoutLineEnd(record.copy());
        boolean tooLong = fieldTooLong || recordBytes > maxRowBytes;
        if (recordProblem != null && !tooLong) {
            return RawRow.unreadable(recordLine, new RowProblem(RejectionCode.MALFORMED_ROW, recordProblem),
                    payload(raw, true));
        }
        if (tooLong) {
            return RawRow.unreadable(recordLine, new RowProblem(RejectionCode.TOO_LONG,
                    "the record is longer than " + maxRowBytes + " bytes"), payload(raw, true));
        }
        if (fieldBytes.size() != columns.size()) {
            return RawRow.unreadable(recordLine, new RowProblem(RejectionCode.MALFORMED_ROW,
                    "expected " + columns.size() + " fields, found " + fieldBytes.size()), payload(raw, true));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            byte[] bytes = fieldBytes.get(i);
            try {
                fields.put(columns.get(i), RowText.decode(bytes, bytes.length));
            } catch (InvalidUtf8Exception e) {
                return RawRow.unreadable(recordLine, new RowProblem(RejectionCode.INVALID_UTF8,
                        "invalid UTF-8 in column '" + columns.get(i) + "' at byte " + (e.byteOffset() + 1)),
                        payload(raw, false));
            }
        }
        return RawRow.readable(recordLine, fields, payload(raw, true));
    }

    private static byte[] withoutLineEnd(byte[] raw) {
        int length = raw.length;
        while (length > 0 && (raw[length - 1] == '\n' || raw[length - 1] == '\r')) {
            length--;
        }
        return java.util.Arrays.copyOf(raw, length);
    }

    private static String payload(byte[] raw, boolean validUtf8) {
        return RowText.payload(raw, raw.length, validUtf8);
    }

    /** Reads one record into {@link #fieldBytes}; false at the end of the body. */
    private boolean readRecord() {
        fieldBytes.clear();
        record.clear();
        field.clear();
        recordProblem = null;
        recordBytes = 0;
        fieldTooLong = false;
        recordLine = line;
        State state = State.FIELD_START;
        long quoteLine = 0;
        long quoteColumn = 0;
        int b = source.read();
        if (b == -1) {
            return false;
        }
        while (b != -1) {
            advancePosition(b);
            record.append(b);
            recordBytes++;
            switch (state) {
                case FIELD_START -> {
                    if (b == '"') {
                        state = State.QUOTED;
                        quoteLine = line;
                        quoteColumn = column;
                    } else if (b == ',') {
                        endField();
                    } else if (b == '\n') {
                        endField();
                        return true;
                    } else if (b != '\r') {
                        field.append(b);
                        state = State.UNQUOTED;
                    }
                }
                case UNQUOTED -> {
                    if (b == ',') {
                        endField();
                        state = State.FIELD_START;
                    } else if (b == '\n') {
                        endField();
                        return true;
                    } else if (b != '\r') {
                        field.append(b);
                    }
                }
                case QUOTED -> {
                    if (b == '"') {
                        state = State.QUOTE_IN_QUOTED;
                    } else {
                        field.append(b);
                    }
                }
                case QUOTE_IN_QUOTED -> {
                    if (b == '"') {
                        field.append('"');
                        state = State.QUOTED;
                    } else if (b == ',') {
                        endField();
                        state = State.FIELD_START;
                    } else if (b == '\n') {
                        endField();
                        return true;
                    } else if (b != '\r') {
                        if (recordProblem == null) {
                            recordProblem = "unexpected text after a closing quote at line " + line + ", column " + column;
                        }
                        field.append(b);
                        state = State.UNQUOTED;
                    }
                }
            }
            b = source.read();
        }
        if (state == State.QUOTED) {
            throw new UnreadableUploadException("unterminated-quote", quoteLine, quoteColumn,
                    "the quoted field opened at line " + quoteLine + ", column " + quoteColumn + " never closes");
        }
        endField();
        return true;
    }

    private void endField() {
        fieldBytes.add(field.copy());
        fieldTooLong |= field.overflowed();
        field.clear();
    }

    /** Lines count newlines; columns count characters (UTF-8 continuation bytes do not start one). */
    private void advancePosition(int b) {
        if (b == '\n') {
            line++;
            column = 0;
        } else if ((b & 0xC0) != 0x80) {
            column++;
        }
    }
}

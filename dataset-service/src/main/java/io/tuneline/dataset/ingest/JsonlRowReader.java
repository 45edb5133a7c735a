package io.tuneline.dataset.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tuneline.contracts.text.StrictUtf8.InvalidUtf8Exception;
import io.tuneline.dataset.validation.RejectionCode;
import io.tuneline.dataset.validation.TextChecks;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON Lines: one JSON object per line. The first non-blank line that is valid UTF-8 decides whether the body is
 * JSONL at all (if it is not a JSON object the upload is refused with its position); after that a broken line is a
 * rejected row, since the next line boundary is always clear.
 */
public final class JsonlRowReader implements RowReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    /** Jackson's messages quote the offending token; enough to see it, never the whole line. */
    private static final int PARSER_MESSAGE_CHARS = 200;

    private final ByteSource source;
    private final RowBuffer line;
    private final Deque<RawRow> readAhead = new ArrayDeque<>();
    private final List<String> columns;
    private long lineNumber;
    private long columnsLine;

    public JsonlRowReader(InputStream in, int maxRowBytes) {
        this.source = new ByteSource(in);
        this.line = new RowBuffer(maxRowBytes);
        this.columns = readUntilFirstObject();
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public long columnsLine() {
        return columnsLine;
    }

    @Override
    public RawRow next() {
        if (!readAhead.isEmpty()) {
            return readAhead.poll();
        }
        while (readLine()) {
            RawRow row = toRow();
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    /** Rows before the first object that are themselves rejections (bad bytes, too long) are kept for next(). */
    private List<String> readUntilFirstObject() {
        while (readLine()) {
            if (isBlank()) {
                continue;
            }
            if (line.overflowed()) {
                readAhead.add(tooLong());
                continue;
            }
            String text;
            try {
                text = RowText.decode(line.bytes(), line.length());
            } catch (InvalidUtf8Exception e) {
                readAhead.add(invalidUtf8(e));
                continue;
            }
            JsonNode node;
            try {
                node = MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                throw new UnreadableUploadException("malformed-json", lineNumber, column(e),
                        "line " + lineNumber + " is not JSON: " + TextChecks.excerpt(e.getOriginalMessage(), PARSER_MESSAGE_CHARS));
            }
            if (node == null || !node.isObject()) {
                throw new UnreadableUploadException("malformed-json", lineNumber, 1,
                        "line " + lineNumber + " is not a JSON object: JSON Lines needs one object per line");
            }
            columnsLine = lineNumber;
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            readAhead.add(row(node, payload(true)));
            return List.copyOf(names);
        }
        if (!readAhead.isEmpty()) {
            // Every line was rejected (e.g. a UTF-16 file): the body is not JSON Lines at all.
            RawRow first = readAhead.peek();
            throw new UnreadableUploadException(first.problem().code().wireName(), first.line(), 1,
                    "no line is a readable JSON object; line " + first.line() + ": " + first.problem().message());
        }
        throw new UnreadableUploadException("empty-upload", Math.max(lineNumber, 1), 1,
                "the upload holds no JSON object");
    }

    private RawRow toRow() {
        if (isBlank()) {
            return null;
        }
        if (line.overflowed()) {
            return tooLong();
        }
        String text;
        try {
            text = RowText.decode(line.bytes(), line.length());
        } catch (InvalidUtf8Exception e) {
            return invalidUtf8(e);
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || !node.isObject()) {
                return RawRow.unreadable(lineNumber,
                        new RowProblem(RejectionCode.MALFORMED_ROW, "not a JSON object"), payload(true));
            }
            return row(node, line.length() <= RowText.MAX_PAYLOAD_BYTES ? text : payload(true));
        } catch (JsonProcessingException e) {
            return RawRow.unreadable(lineNumber, new RowProblem(RejectionCode.MALFORMED_ROW,
                    "not JSON at column " + column(e) + ": " + TextChecks.excerpt(e.getOriginalMessage(), PARSER_MESSAGE_CHARS)),
                    payload(true));
        }
    }

    private boolean readLine() {
        line.clear();
        int b = source.read();
        if (b == -1) {
            return false;
        }
        lineNumber++;
        while (b != -1 && b != '\n') {
            line.append(b);
            b = source.read();
        }
        return true;
    }

    private boolean isBlank() {
        if (line.overflowed()) {
            return false;
        }
        byte[] bytes = line.bytes();
        for (int i = 0; i < line.length(); i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    private RawRow tooLong() {
        return RawRow.unreadable(lineNumber, new RowProblem(RejectionCode.TOO_LONG,
                "the line is longer than " + line.length() + " bytes"), payload(true));
    }

    private RawRow invalidUtf8(InvalidUtf8Exception e) {
        return RawRow.unreadable(lineNumber, new RowProblem(RejectionCode.INVALID_UTF8,
                "invalid UTF-8 at byte " + (e.byteOffset() + 1) + " of the line"), payload(false));
    }

    private String payload(boolean validUtf8) {
        return RowText.payload(line.bytes(), line.length(), validUtf8);
    }

    private static long column(JsonProcessingException e) {
        return e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getColumnNr());
    }

    /**
     * Strings as they are; of every other value only its JSON type is kept, so that a number, boolean, array or
     * object where text is expected is rejected by name instead of becoming a training text. A whole number is
     * also kept as its literal, since ids are often numbers.
     */
    private RawRow row(JsonNode node, String payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, String> valueTypes = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                fields.put(entry.getKey(), value.textValue());
            } else if (!value.isNull()) {
                valueTypes.put(entry.getKey(), value.getNodeType().name().toLowerCase(Locale.ROOT));
                if (value.isIntegralNumber()) {
                    fields.put(entry.getKey(), value.asText());
                }
            }
        });
        return RawRow.readable(lineNumber, fields, valueTypes, payload);
    }
}

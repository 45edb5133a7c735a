package io.tuneline.dataset.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tuneline.contracts.events.EventCodec;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Synthetic rows in DialogSum's shape (written for these tests; no real DialogSum text). */
public final class DialogSumRows {

    private DialogSumRows() {
    }

    public static String dialogue(int n) {
        return "#Person1#: Hello, I ordered item " + n + " last week.\n#Person2#: Let me check order " + n
                + " for you.\n#Person1#: Thanks, it has not arrived.";
    }

    public static String summary(int n) {
        return "#Person1# asks #Person2# about the late delivery of order " + n + ".";
    }

    /** One JSONL line: fname, dialogue, summary, topic. */
    public static String line(String fname, int n) {
        return json(Map.of("fname", fname, "dialogue", dialogue(n), "summary", summary(n), "topic", "delivery"));
    }

    public static String lines(String prefix, int from, int toExclusive) {
        StringBuilder body = new StringBuilder();
        for (int n = from; n < toExclusive; n++) {
            body.append(line(prefix + n, n)).append('\n');
        }
        return body.toString();
    }

    public static String json(Map<String, String> fields) {
        try {
            return EventCodec.mapper().writeValueAsString(new LinkedHashMap<>(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Request bodies as bytes: REST Assured has no encoder for application/x-ndjson text. */
    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A CSV field, quoted (dialogues hold newlines and commas). */
    public static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}

package io.tuneline.contracts.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tuneline.contracts.text.StrictUtf8;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** The one JSON (de)serializer of events: tolerant of unknown fields, strict about what it cannot understand. */
public final class EventCodec {

    public static final String ERROR_NOT_UTF8 = "not-utf8";
    public static final String ERROR_NOT_JSON = "not-json";
    public static final String ERROR_MISSING_FIELD = "missing-field";
    public static final String ERROR_UNKNOWN_TYPE = "unknown-type";
    public static final String ERROR_UNSUPPORTED_VERSION = "unsupported-schema-version";
    public static final String ERROR_WRONG_TYPE = "unexpected-type";
    public static final String ERROR_INVALID_PAYLOAD = "invalid-payload";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private EventCodec() {
    }

    /** A mapper configured like the codec, for services that serialize other JSON (manifests, reports). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static String encode(Event<?> event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event cannot be serialized: " + e.getOriginalMessage(), e);
        }
    }

    public static byte[] encodeBytes(Event<?> event) {
        return encode(event).getBytes(StandardCharsets.UTF_8);
    }

    public static Event<? extends EventPayload> decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedEventException(ERROR_NOT_JSON, "record value is null");
        }
        String text = StrictUtf8.tryDecode(bytes).orElseThrow(() ->
                new MalformedEventException(ERROR_NOT_UTF8, "record value is not valid UTF-8"));
        return decode(text);
    }

    /** Reads any event; the payload class follows the envelope's {@code type}. */
    public static Event<? extends EventPayload> decode(String json) {
        JsonNode root = readTree(json);
        int version = requiredField(root, "schemaVersion").asInt(-1);
        if (version < 1 || version > Event.SCHEMA_VERSION) {
            throw new MalformedEventException(ERROR_UNSUPPORTED_VERSION,
                    "schemaVersion " + requiredField(root, "schemaVersion") + " is not supported (this reader knows 1.."
                            + Event.SCHEMA_VERSION + ")");
        }
        String typeName = requiredField(root, "type").asText();
        EventType type = EventType.ofWireName(typeName).orElseThrow(() ->
                new MalformedEventException(ERROR_UNKNOWN_TYPE, "unknown event type '" + typeName + "'"));
        EventPayload payload = readPayload(requiredField(root, "payload"), type);
        JsonNode occurredAt = root.get("occurredAt");
        return new Event<>(version, typeName, text(root, "eventId"),
                occurredAt == null || occurredAt.isNull() ? null : parseInstant(occurredAt.asText()),
                text(root, "source"), payload);
    }

    /** Reads an event that must carry {@code expected}; anything else is malformed for this consumer. */
    @SuppressWarnings("unchecked")
    public static <P extends EventPayload> Event<P> decode(String json, Class<P> expected) {
        Event<? extends EventPayload> event = decode(json);
        if (!expected.isInstance(event.payload())) {
            throw new MalformedEventException(ERROR_WRONG_TYPE,
                    "expected " + expected.getSimpleName() + " but got type '" + event.type() + "'");
        }
        return (Event<P>) event;
    }

    private static JsonNode readTree(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || !root.isObject()) {
                throw new MalformedEventException(ERROR_NOT_JSON, "record value is not a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(ERROR_NOT_JSON,
                    "record value is not JSON: " + e.getOriginalMessage() + " at " + location(e), e);
        }
    }

    private static EventPayload readPayload(JsonNode node, EventType type) {
        try {
            EventPayload payload = MAPPER.treeToValue(node, type.payloadType());
            if (payload.key() == null || payload.key().isBlank()) {
                throw new MalformedEventException(ERROR_MISSING_FIELD,
                        "payload of '" + type.wireName() + "' has no " + type.topic().keyedBy());
            }
            return payload;
        } catch (JsonProcessingException e) {
            throw new MalformedEventException(ERROR_INVALID_PAYLOAD,
                    "payload of '" + type.wireName() + "' is invalid: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode requiredField(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            throw new MalformedEventException(ERROR_MISSING_FIELD, "event has no '" + name + "'");
        }
        return node;
    }

    private static String text(JsonNode root, String name) {
        JsonNode node = root.get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedEventException(ERROR_INVALID_PAYLOAD, "occurredAt '" + text + "' is not an ISO instant", e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }
}

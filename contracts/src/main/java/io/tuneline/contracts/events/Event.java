package io.tuneline.contracts.events;

import java.time.Instant;
import java.util.UUID;

/**
 * The envelope every record on every topic carries:
 * <pre>{"schemaVersion":1,"type":"dataset.version-created","eventId":"…","occurredAt":"…","source":"dataset-service","payload":{…}}</pre>
 * {@code schemaVersion} is the envelope's major version: readers accept any version up to theirs and ignore
 * fields they do not know, so producers may add fields without a version bump.
 */
public record Event<P extends EventPayload>(int schemaVersion, String type, String eventId, Instant occurredAt,
                                            String source, P payload) {

    public static final int SCHEMA_VERSION = 1;

    public static <P extends EventPayload> Event<P> of(String source, P payload) {
        return new Event<>(SCHEMA_VERSION, EventType.of(payload).wireName(), UUID.randomUUID().toString(),
                Instant.now(), source, payload);
    }

    public String key() {
        return payload.key();
    }

    public Topic topic() {
        return EventType.of(payload).topic();
    }
}

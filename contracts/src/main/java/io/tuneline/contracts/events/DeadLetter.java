package io.tuneline.contracts.events;

/**
 * A record a service could not accept, parked with the reason so that the partition moves on and nothing is
 * silently dropped. {@code payload} is the original value as text (or Base64 when it was not UTF-8).
 */
public record DeadLetter(String service, String sourceTopic, int partition, long offset, String originalKey,
                         String payload, String errorCode, String reason) implements EventPayload {

    @Override
    public String key() {
        return originalKey != null ? originalKey : sourceTopic;
    }
}

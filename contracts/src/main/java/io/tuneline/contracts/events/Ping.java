package io.tuneline.contracts.events;

/** Wiring check: a service sends one to itself through Kafka to prove the broker path end to end. */
public record Ping(String service, String nonce) implements EventPayload {

    @Override
    public String key() {
        return service;
    }
}

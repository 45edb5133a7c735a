package io.tuneline.dataset.service;

import io.tuneline.dataset.model.Example;

import java.time.Instant;

/** A stream example accepted from Kafka and stored, waiting for the next version cut; where it came from. */
public record PendingExample(Example example, String topic, int partition, long offset, Instant receivedAt) {
}

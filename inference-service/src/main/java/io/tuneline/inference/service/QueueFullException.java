package io.tuneline.inference.service;

/** The model's queue is full: answered with 429 and {@code Retry-After}. */
public class QueueFullException extends RuntimeException {

    private final int retryAfterSeconds;

    public QueueFullException(String message, int retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

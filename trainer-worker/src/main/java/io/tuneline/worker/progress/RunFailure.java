package io.tuneline.worker.progress;

/**
 * A run stopped for good. {@code errorCode}: {@code non-finite}, {@code bad-data}, {@code bad-base-model},
 * {@code resume-mismatch}, {@code storage}, {@code internal}. {@code lastCheckpoint} may be null.
 */
public record RunFailure(String runId, String errorCode, String reason, String lastCheckpoint) {
}

package io.tuneline.contracts.dataset;

/** One split file of a version: where it is, its SHA-256 (hex), its size and how many examples it holds. */
public record SplitFile(String bucket, String key, String sha256, long bytes, long examples) {
}

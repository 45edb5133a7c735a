package io.tuneline.contracts.dataset;

/** Distribution of one length measure over a split's examples (nearest-rank percentiles). */
public record TextStatistics(long min, double mean, long p50, long p95, long max) {
}

package io.tuneline.contracts.dataset;

/** Lengths of a split's texts in characters (code points) and whitespace-separated tokens; null when empty. */
public record SplitStatistics(TextStatistics inputChars, TextStatistics inputTokens, TextStatistics outputChars,
                              TextStatistics outputTokens) {
}

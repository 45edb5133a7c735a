package io.tuneline.dataset.version;

import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.contracts.dataset.TextStatistics;
import java.util.Arrays;

/**
 * Collects the four length measures of every example of a split for exact percentiles: four ints per example
 * (16 MB per million examples) instead of the texts.
 */
final class LengthAccumulator {

    private final IntColumn inputChars = new IntColumn();
    private final IntColumn inputTokens = new IntColumn();
    private final IntColumn outputChars = new IntColumn();
    private final IntColumn outputTokens = new IntColumn();

    LengthAccumulator copy() {
        LengthAccumulator copy = new LengthAccumulator();
        copy.inputChars.copyFrom(inputChars);
        copy.inputTokens.copyFrom(inputTokens);
        copy.outputChars.copyFrom(outputChars);
        copy.outputTokens.copyFrom(outputTokens);
        return copy;
    }

    void add(String input, String output) {
        inputChars.add(input.codePointCount(0, input.length()));
        inputTokens.add(tokens(input));
        outputChars.add(output.codePointCount(0, output.length()));
        outputTokens.add(tokens(output));
    }

    SplitStatistics statistics() {
        return new SplitStatistics(inputChars.statistics(), inputTokens.statistics(), outputChars.statistics(),
                outputTokens.statistics());
    }

    /** Whitespace-separated tokens, counted without splitting (this runs for every example of every version). */
    static int tokens(String text) {
        int tokens = 0;
        boolean inToken = false;
        for (int i = 0; i < text.length(); i++) {
            boolean whitespace = Character.isWhitespace(text.charAt(i));
            if (!whitespace && !inToken) {
                tokens++;
            }
            inToken = !whitespace;
        }
        return tokens;
    }

    private static final class IntColumn {
        private int[] values = new int[256];
        private int size;

        void copyFrom(IntColumn other) {
            values = Arrays.copyOf(other.values, Math.max(256, other.size));
            size = other.size;
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        TextStatistics statistics() {
            if (size == 0) {
                return null;
            }
            int[] sorted = Arrays.copyOf(values, size);
            Arrays.sort(sorted);
            long sum = 0;
            for (int value : sorted) {
                sum += value;
            }
            double mean = Math.round(sum * 100.0 / size) / 100.0;
            return new TextStatistics(sorted[0], mean, percentile(sorted, 50), percentile(sorted, 95),
                    sorted[size - 1]);
        }

        private static long percentile(int[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }
}

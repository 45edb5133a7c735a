package io.tuneline.evaluation.metrics;

import java.util.List;
import java.util.Locale;

/**
 * Exact-match accuracy for classification-style tasks (sentiment, star rating, topic): a prediction is right when
 * it equals a reference after both are normalised — lowercased, whitespace runs collapsed to one space, and
 * leading/trailing whitespace and trailing punctuation dropped ("Positive." equals "positive").
 */
public final class ExactMatch {

    private ExactMatch() {
    }

    /** 1.0 when the prediction matches any of the references after normalisation, else 0.0. */
    public static double score(String prediction, List<String> references) {
        String normalised = normalise(prediction);
        return references.stream().map(ExactMatch::normalise).anyMatch(normalised::equals) ? 1.0 : 0.0;
    }

    public static String normalise(String text) {
        String collapsed = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        int end = collapsed.length();
        while (end > 0 && (isPunctuation(collapsed.charAt(end - 1)) || collapsed.charAt(end - 1) == ' ')) {
            end--;
        }
        return collapsed.substring(0, end);
    }

    private static boolean isPunctuation(char c) {
        return switch (Character.getType(c)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.END_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION, Character.START_PUNCTUATION -> true;
            default -> false;
        };
    }
}

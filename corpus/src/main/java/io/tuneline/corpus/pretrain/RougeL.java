package io.tuneline.corpus.pretrain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A plain ROUGE-L F1 (longest common subsequence of lower-cased alphanumeric tokens, no stemming) for the
 * builder's own quality check. The evaluation module holds the rouge-score-compatible implementation.
 */
public final class RougeL {

    private RougeL() {
    }

    public static double f1(String prediction, String reference) {
        List<String> predicted = tokens(prediction);
        List<String> expected = tokens(reference);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return 0;
        }
        int[][] lcs = new int[predicted.size() + 1][expected.size() + 1];
        for (int i = 1; i <= predicted.size(); i++) {
            for (int j = 1; j <= expected.size(); j++) {
                lcs[i][j] = predicted.get(i - 1).equals(expected.get(j - 1)) ? lcs[i - 1][j - 1] + 1
                        : Math.max(lcs[i - 1][j], lcs[i][j - 1]);
            }
        }
        double common = lcs[predicted.size()][expected.size()];
        if (common == 0) {
            return 0;
        }
        double precision = common / predicted.size();
        double recall = common / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }
}

package io.tuneline.evaluation.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum exactly as Google's rouge-score 0.1.2 computes them (the numbers
 * Hugging Face {@code evaluate.load("rouge")} reports), with and without Porter stemming. Every value is equal
 * to rouge-score's to the last bit; the arithmetic below keeps its order of operations.
 *
 * <pre>{@code
 * RougeScores s = Rouge.score("the agent refunded it", "The agent issued a refund.", true);
 * double rougeL = s.rougeL().fmeasure();
 * }</pre>
 */
public final class Rouge {

    private static final RougeTokenizer PLAIN = new RougeTokenizer(false);
    private static final RougeTokenizer STEMMED = new RougeTokenizer(true);

    private Rouge() {
    }

    /** rouge-score's {@code RougeScorer(all four types, useStemmer).score(target=reference, prediction)}. */
    public static RougeScores score(String prediction, String reference, boolean useStemmer) {
        RougeTokenizer tokenizer = useStemmer ? STEMMED : PLAIN;
        List<String> predictionTokens = tokenizer.tokenize(prediction);
        List<String> referenceTokens = tokenizer.tokenize(reference);
        return new RougeScores(
                ngrams(referenceTokens, predictionTokens, 1),
                ngrams(referenceTokens, predictionTokens, 2),
                lcs(referenceTokens, predictionTokens),
                summaryLevelLcs(tokenizer.tokenizeLines(reference), tokenizer.tokenizeLines(prediction)));
    }

    /**
     * rouge-score's {@code score_multi}: for each ROUGE type the score against the reference with the highest
     * F-measure (the first one on ties), so precision, recall and F of a type come from the same reference.
     */
    public static RougeScores scoreMulti(String prediction, List<String> references, boolean useStemmer) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("at least one reference is needed");
        }
        List<RougeScores> perReference = new ArrayList<>(references.size());
        for (String reference : references) {
            perReference.add(score(prediction, reference, useStemmer));
        }
        RougeScore[] best = new RougeScore[RougeType.values().length];
        for (RougeType type : RougeType.values()) {
            RougeScore max = perReference.get(0).get(type);
            for (RougeScores scores : perReference) {
                if (scores.get(type).fmeasure() > max.fmeasure()) {
                    max = scores.get(type);
                }
            }
            best[type.ordinal()] = max;
        }
        return new RougeScores(best[0], best[1], best[2], best[3]);
    }

    /**
     * The corpus score as {@code evaluate}'s {@code use_aggregator=False} lists averaged: the plain mean of the
     * per-pair precisions, recalls and F-measures, summed left to right in list order.
     */
    public static RougeScores mean(List<RougeScores> scores) {
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("the mean of no scores is undefined");
        }
        RougeScore[] means = new RougeScore[RougeType.values().length];
        for (RougeType type : RougeType.values()) {
            double p = 0;
            double r = 0;
            double f = 0;
            for (RougeScores s : scores) {
                p += s.get(type).precision();
                r += s.get(type).recall();
                f += s.get(type).fmeasure();
            }
            int n = scores.size();
            means[type.ordinal()] = new RougeScore(p / n, r / n, f / n);
        }
        return new RougeScores(means[0], means[1], means[2], means[3]);
    }

    // --- ROUGE-N -------------------------------------------------------------------------------------------

    private static RougeScore ngrams(List<String> reference, List<String> prediction, int n) {
        Map<List<String>, Integer> referenceCounts = countNgrams(reference, n);
        Map<List<String>, Integer> predictionCounts = countNgrams(prediction, n);
        int overlap = 0;
        for (Map.Entry<List<String>, Integer> entry : referenceCounts.entrySet()) {
            overlap += Math.min(entry.getValue(), predictionCounts.getOrDefault(entry.getKey(), 0));
        }
        int referenceTotal = Math.max(reference.size() - n + 1, 0);
        int predictionTotal = Math.max(prediction.size() - n + 1, 0);
        return RougeScore.of((double) overlap / Math.max(predictionTotal, 1),
                (double) overlap / Math.max(referenceTotal, 1));
    }

    private static Map<List<String>, Integer> countNgrams(List<String> tokens, int n) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (int i = 0; i + n <= tokens.size(); i++) {
            counts.merge(List.copyOf(tokens.subList(i, i + n)), 1, Integer::sum);
        }
        return counts;
    }

    // --- ROUGE-L -------------------------------------------------------------------------------------------

    private static RougeScore lcs(List<String> reference, List<String> prediction) {
        if (reference.isEmpty() || prediction.isEmpty()) {
            return RougeScore.ZERO;
        }
        int length = lcsTable(reference, prediction)[reference.size()][prediction.size()];
        return RougeScore.of((double) length / prediction.size(), (double) length / reference.size());
    }

    /** {@code table[i][j]} = LCS length of the first i reference and the first j prediction tokens. */
    private static int[][] lcsTable(List<String> reference, List<String> prediction) {
        int[][] table = new int[reference.size() + 1][prediction.size() + 1];
        for (int i = 1; i <= reference.size(); i++) {
            for (int j = 1; j <= prediction.size(); j++) {
                table[i][j] = reference.get(i - 1).equals(prediction.get(j - 1))
                        ? table[i - 1][j - 1] + 1
                        : Math.max(table[i - 1][j], table[i][j - 1]);
            }
        }
        return table;
    }

    // --- ROUGE-Lsum ----------------------------------------------------------------------------------------

    /**
     * Summary-level LCS (Lin 2004, as rouge-score implements it): for each reference line the union of its
     * LCS positions with every prediction line; a hit is counted only while both texts still have an unused
     * occurrence of the token.
     */
    private static RougeScore summaryLevelLcs(List<List<String>> referenceLines, List<List<String>> predictionLines) {
        if (referenceLines.isEmpty() || predictionLines.isEmpty()) {
            return RougeScore.ZERO;
        }
        int referenceTokens = referenceLines.stream().mapToInt(List::size).sum();
        int predictionTokens = predictionLines.stream().mapToInt(List::size).sum();
        if (referenceTokens == 0 || predictionTokens == 0) {
            return RougeScore.ZERO;
        }
        Map<String, Integer> referenceLeft = new HashMap<>();
        Map<String, Integer> predictionLeft = new HashMap<>();
        referenceLines.forEach(line -> line.forEach(t -> referenceLeft.merge(t, 1, Integer::sum)));
        predictionLines.forEach(line -> line.forEach(t -> predictionLeft.merge(t, 1, Integer::sum)));

        int hits = 0;
        for (List<String> referenceLine : referenceLines) {
            TreeSet<Integer> union = new TreeSet<>();
            for (List<String> predictionLine : predictionLines) {
                union.addAll(lcsPositions(referenceLine, predictionLine));
            }
            for (int position : union) {
                String token = referenceLine.get(position);
                if (predictionLeft.getOrDefault(token, 0) > 0 && referenceLeft.getOrDefault(token, 0) > 0) {
                    hits++;
                    predictionLeft.merge(token, -1, Integer::sum);
                    referenceLeft.merge(token, -1, Integer::sum);
                }
            }
        }
        return RougeScore.of((double) hits / predictionTokens, (double) hits / referenceTokens);
    }

    /** Reference positions of one LCS; on ties the backtrack moves up the reference, as rouge-score's does. */
    private static List<Integer> lcsPositions(List<String> reference, List<String> prediction) {
        int[][] table = lcsTable(reference, prediction);
        List<Integer> positions = new ArrayList<>();
        int i = reference.size();
        int j = prediction.size();
        while (i > 0 && j > 0) {
            if (reference.get(i - 1).equals(prediction.get(j - 1))) {
                positions.add(i - 1);
                i--;
                j--;
            } else if (table[i][j - 1] > table[i - 1][j]) {
                j--;
            } else {
                i--;
            }
        }
        return positions;
    }
}

package io.tuneline.evaluation.metrics;

/** Precision, recall and F-measure of one ROUGE type, as rouge-score's {@code Score} tuple. */
public record RougeScore(double precision, double recall, double fmeasure) {

    public static final RougeScore ZERO = new RougeScore(0, 0, 0);

    /**
     * rouge-score's F1, evaluated in the same order ({@code 2 * p * r / (p + r)}) so that results are equal to
     * the last bit.
     */
    static RougeScore of(double precision, double recall) {
        double f = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.0;
        return new RougeScore(precision, recall, f);
    }
}

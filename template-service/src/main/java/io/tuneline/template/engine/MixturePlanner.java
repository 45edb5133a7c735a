package io.tuneline.template.engine;

import java.util.SplittableRandom;

/**
 * Decides how many examples each mixture component gets in one split and in which order they interleave: every
 * output slot draws its component by weight from a seeded generator, so proportions follow the weights within
 * sampling noise and the same seed gives the same mixture.
 */
public final class MixturePlanner {

    private MixturePlanner() {
    }

    /**
     * @param weights   relative weights, one per component (zero or less: not used)
     * @param available examples each component has in this split (components with none are left out)
     * @param anchors   components whose examples are all used once when {@code total} is absent (the datasets)
     * @param total     the split's size, or null to derive it from the anchors
     */
    public static Plan plan(double[] weights, long[] available, boolean[] anchors, Long total, long seed) {
        int components = weights.length;
        double[] effective = new double[components];
        double weightSum = 0;
        for (int c = 0; c < components; c++) {
            effective[c] = available[c] > 0 && weights[c] > 0 ? weights[c] : 0;
            weightSum += effective[c];
        }
        if (weightSum == 0) {
            return new Plan(new double[components], 0, seed);
        }
        double[] probabilities = new double[components];
        for (int c = 0; c < components; c++) {
            probabilities[c] = effective[c] / weightSum;
        }
        long size = total != null ? total : derivedSize(probabilities, available, anchors);
        return new Plan(probabilities, size, seed);
    }

    private static long derivedSize(double[] probabilities, long[] available, boolean[] anchors) {
        boolean anyAnchor = false;
        for (int c = 0; c < probabilities.length; c++) {
            anyAnchor |= anchors[c] && probabilities[c] > 0;
        }
        double anchoredExamples = 0;
        double anchoredShare = 0;
        for (int c = 0; c < probabilities.length; c++) {
            if (probabilities[c] > 0 && (anchors[c] || !anyAnchor)) {
                anchoredExamples += available[c];
                anchoredShare += probabilities[c];
            }
        }
        return Math.round(anchoredExamples / anchoredShare);
    }

    /** A split's plan: {@link #counts()} per component, and a replayable sequence of component choices. */
    public record Plan(double[] probabilities, long size, long seed) {

        public long[] counts() {
            long[] counts = new long[probabilities.length];
            Sequence sequence = sequence();
            while (sequence.hasNext()) {
                counts[sequence.next()]++;
            }
            return counts;
        }

        /** The component of each output slot, in order; the same plan always yields the same sequence. */
        public Sequence sequence() {
            return new Sequence(probabilities, size, new SplittableRandom(seed));
        }
    }

    public static final class Sequence {
        private final double[] probabilities;
        private final long size;
        private final SplittableRandom random;
        private long emitted;

        private Sequence(double[] probabilities, long size, SplittableRandom random) {
            this.probabilities = probabilities;
            this.size = size;
            this.random = random;
        }

        public boolean hasNext() {
            return emitted < size;
        }

        public int next() {
            emitted++;
            double draw = random.nextDouble();
            int last = -1;
            for (int c = 0; c < probabilities.length; c++) {
                if (probabilities[c] > 0) {
                    last = c;
                    draw -= probabilities[c];
                    if (draw < 0) {
                        return c;
                    }
                }
            }
            return last;
        }
    }
}

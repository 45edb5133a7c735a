package io.tuneline.template.engine;

import java.util.SplittableRandom;

/**
 * Picks {@code wanted} of {@code available} examples while streaming them once per pass, in file order and
 * without holding them: whole passes while more are wanted than exist (oversampling), then Knuth's selection
 * sampling (algorithm S) for the rest. {@link #pass()} is the repetition number of the current example.
 */
public final class SelectionSampler {

    private final long available;
    private final long fullPasses;
    private final SplittableRandom random;
    private long remainingInLastPass;
    private long pass;
    private long position;

    public SelectionSampler(long available, long wanted, long seed) {
        if (available <= 0 && wanted > 0) {
            throw new IllegalArgumentException("cannot pick " + wanted + " examples from none");
        }
        this.available = available;
        this.fullPasses = available == 0 ? 0 : wanted / available;
        this.remainingInLastPass = available == 0 ? 0 : wanted % available;
        this.random = new SplittableRandom(seed);
    }

    /** Called for each example of the stream in order; true if it is picked. The stream restarts at each pass. */
    public boolean take() {
        boolean picked;
        if (pass < fullPasses) {
            picked = true;
        } else {
            long left = available - position;
            picked = remainingInLastPass > 0 && random.nextLong(left) < remainingInLastPass;
            if (picked) {
                remainingInLastPass--;
            }
        }
        return picked;
    }

    /** Moves to the next example; returns true when the pass ended and the stream must restart. */
    public boolean advance() {
        position++;
        if (position == available) {
            position = 0;
            pass++;
            return true;
        }
        return false;
    }

    public int pass() {
        return (int) pass;
    }
}

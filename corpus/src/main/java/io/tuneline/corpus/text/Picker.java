package io.tuneline.corpus.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Seeded random choices for the generators: the same seed always makes the same text. */
public final class Picker {

    private final Random random;

    public Picker(long seed) {
        this.random = new Random(seed);
    }

    @SafeVarargs
    public final <T> T one(T... options) {
        return options[random.nextInt(options.length)];
    }

    public <T> T one(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** {@code count} different elements of {@code options}, in random order. */
    public <T> List<T> distinct(List<T> options, int count) {
        List<T> copy = new ArrayList<>(options);
        Collections.shuffle(copy, random);
        return copy.subList(0, count);
    }

    public boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    /** A whole number in {@code [from, to]}. */
    public int between(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    /** A number of {@code digits} digits that does not start with 0. */
    public String digits(int digits) {
        StringBuilder number = new StringBuilder().append(between(1, 9));
        for (int i = 1; i < digits; i++) {
            number.append(random.nextInt(10));
        }
        return number.toString();
    }

    public long nextLong() {
        return random.nextLong();
    }
}

package io.tuneline.dataset.model;

import java.util.Arrays;
import java.util.Optional;

/** The three splits of every dataset version, in file and manifest order. */
public enum Split {
    TRAIN("train"),
    VALIDATION("validation"),
    TEST("test");

    private final String wireName;

    Split(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Split> ofWireName(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}

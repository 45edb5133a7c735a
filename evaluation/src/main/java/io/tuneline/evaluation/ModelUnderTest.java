package io.tuneline.evaluation;

import java.nio.file.Path;

/**
 * A checkpoint folder to evaluate and the name it gets in tables and reports ("base", "candidate", a run id).
 */
public record ModelUnderTest(String name, Path dir) {

    public ModelUnderTest {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model needs a name");
        }
    }
}

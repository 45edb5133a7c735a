package io.tuneline.template.library;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The shipped general-task sample sets (synthetic reviews, sentiment and entity sentences) that mixtures replay
 * next to the fine-tuning data, so a model keeps its general abilities. Each set has the splits of a dataset
 * version, as canonical example lines: {@code general/<set>/<split>.jsonl}.
 */
@ApplicationScoped
public class GeneralSets {

    public static final List<String> SETS = List.of("reviews", "sentiment", "entities");
    public static final List<String> SPLITS = List.of("train", "validation", "test");

    public boolean exists(String set) {
        return SETS.contains(set);
    }

    /** The lines of one split; the caller closes the reader. */
    public BufferedReader open(String set, String split) {
        if (!exists(set) || !SPLITS.contains(split)) {
            throw new IllegalArgumentException("no general set '" + set + "' with split '" + split + "'");
        }
        return new BufferedReader(new InputStreamReader(
                ShippedLibrary.openResource("general/" + set + "/" + split + ".jsonl"), StandardCharsets.UTF_8));
    }
}

package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.template.engine.MixturePlanner;
import io.tuneline.template.engine.SelectionSampler;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders one split of a render from whole split files: plans how many examples each component contributes (by
 * weight, capped by what it holds, for mixtures the train split sized to the requested total), then streams the
 * components' lines in a seeded interleaving through a local file into the split's object. A plain render is a
 * mixture of one component that takes every line once.
 */
@ApplicationScoped
public class SplitRenderer {

    private final RenderStore renders;

    SplitRenderer(RenderStore renders) {
        this.renders = renders;
    }

    /** The split's summary, or null when the components hold no example of it (no file is written then). */
    SplitSummary render(ObjectRef output, String split, List<RenderComponent> components, Long totalTrainExamples,
                        ExampleRenderer examples) {
        int size = components.size();
        double[] weights = new double[size];
        long[] available = new long[size];
        boolean[] anchors = new boolean[size];
        for (int c = 0; c < size; c++) {
            weights[c] = components.get(c).weight();
            anchors[c] = components.get(c).anchor();
            LineSource lines = components.get(c).splits().get(split);
            available[c] = lines == null ? 0 : countLines(lines);
        }
        long seed = examples.seed();
        MixturePlanner.Plan plan = MixturePlanner.plan(weights, available, anchors,
                "train".equals(split) ? totalTrainExamples : null, mix(seed, split, -1));
        if (plan.size() == 0) {
            return null;
        }
        long[] counts = plan.counts();
        SplitTally tally = new SplitTally();
        Path file = null;
        List<ComponentCursor> cursors = new ArrayList<>();
        try {
            file = TemporaryFiles.create("render-" + split + "-");
            for (int c = 0; c < size; c++) {
                cursors.add(new ComponentCursor(components.get(c).splits().get(split),
                        new SelectionSampler(available[c], counts[c], mix(seed, split, c))));
            }
            try (BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                MixturePlanner.Sequence sequence = plan.sequence();
                while (sequence.hasNext()) {
                    int c = sequence.next();
                    examples.render(components.get(c), split, cursors.get(c).next(), writer, tally);
                }
            }
            renders.putSplit(output, file);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering split '" + split + "' failed", e);
        } finally {
            cursors.forEach(ComponentCursor::close);
            TemporaryFiles.deleteQuietly(file);
        }
        return tally.summary(output);
    }

    private static long countLines(LineSource source) {
        try (BufferedReader reader = source.open()) {
            return reader.lines().filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a split", e);
        }
    }

    /** Independent, reproducible seeds per split and component. */
    static long mix(long seed, String split, int component) {
        long hash = seed * 0x9e3779b97f4a7c15L + split.hashCode() * 31L + component;
        hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
        hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
        return hash ^ (hash >>> 31);
    }
}

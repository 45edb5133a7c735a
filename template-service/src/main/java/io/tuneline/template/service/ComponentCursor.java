package io.tuneline.template.service;

import io.tuneline.template.engine.SelectionSampler;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.IOException;

/**
 * Streams the examples one mixture component contributes to a split: the split file is read pass after pass and
 * the sampler decides which lines are taken, so a component never sits in memory.
 */
final class ComponentCursor implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ComponentCursor.class);

    private final LineSource source;
    private final SelectionSampler sampler;
    private BufferedReader reader;
    private long lineNumber;

    /** A taken line, its 1-based line number in the file, and how often the example was taken before. */
    record Selected(String line, long lineNumber, int pass) {
    }

    ComponentCursor(LineSource source, SelectionSampler sampler) {
        this.source = source;
        this.sampler = sampler;
    }

    Selected next() throws IOException {
        while (true) {
            if (reader == null) {
                reader = source.open();
                lineNumber = 0;
            }
            String line = reader.readLine();
            if (line == null) {
                throw new IOException("the split file ended early: it changed while it was rendered");
            }
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            boolean taken = sampler.take();
            int pass = sampler.pass();
            if (sampler.advance()) {
                close();
            }
            if (taken) {
                return new Selected(line, lineNumber, pass);
            }
        }
    }

    @Override
    public void close() {
        if (reader != null) {
            try {
                reader.close();
            } catch (IOException e) {
                LOG.debugf("Closing a split reader failed: %s", e.getMessage());
            }
            reader = null;
        }
    }
}

package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.template.engine.FittedPrompt;

import java.util.Map;
import java.util.TreeMap;

/** Counts one split (or one segment of it) while it renders; {@link #summary} hands them over once it is done. */
final class SplitTally {

    private long examples;
    private long truncated;
    private long overLimit;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, Long> byTask = new TreeMap<>();
    private final Map<String, Long> byTemplate = new TreeMap<>();
    private final Map<String, Long> truncatedByTask = new TreeMap<>();

    /** Adds the counts of a part rendered (or reused) on its own. */
    void add(SplitSummary part) {
        examples += part.examples();
        truncated += part.truncated();
        overLimit += part.overLimit();
        part.skipped().forEach((reason, count) -> skipped.merge(reason, count, Long::sum));
        part.byTask().forEach((task, count) -> byTask.merge(task, count, Long::sum));
        part.byTemplate().forEach((template, count) -> byTemplate.merge(template, count, Long::sum));
        part.truncatedByTask().forEach((task, count) -> truncatedByTask.merge(task, count, Long::sum));
    }

    void skip(String reason) {
        skipped.merge(reason, 1L, Long::sum);
    }

    void rendered(String task, String templateId, FittedPrompt fitted) {
        examples++;
        byTask.merge(task, 1L, Long::sum);
        byTemplate.merge(templateId, 1L, Long::sum);
        if (fitted.truncated()) {
            truncated++;
            truncatedByTask.merge(task, 1L, Long::sum);
        }
        if (fitted.overLimit()) {
            overLimit++;
        }
    }

    SplitSummary summary(ObjectRef file) {
        // Sorted maps, so a summary's JSON (and a reused segment's) does not depend on the order of the examples.
        return new SplitSummary(file, examples, truncated, overLimit, skipped, byTask, byTemplate, truncatedByTask);
    }
}

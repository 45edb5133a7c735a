package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;

import java.util.Map;

/**
 * What one rendered split file holds: {@code examples} lines; {@code truncated} of them had their data field
 * shortened to fit the input limit; {@code overLimit} are still too long (nothing left to shorten); {@code skipped}
 * examples by reason (missing fields, unreadable lines, empty targets), and counts per task and template.
 */
public record SplitSummary(ObjectRef file, long examples, long truncated, long overLimit, Map<String, Long> skipped,
                           Map<String, Long> byTask, Map<String, Long> byTemplate, Map<String, Long> truncatedByTask) {
}

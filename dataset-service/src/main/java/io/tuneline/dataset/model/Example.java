package io.tuneline.dataset.model;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The canonical example: one JSONL line of a split file, the record template-service renders prompts from.
 *
 * @param id          unique within the dataset (the source's id, or {@code h-} + a prefix of the content hash)
 * @param input       the dialogue or prompt text
 * @param output      the summary or completion
 * @param references  extra reference outputs (DialogSum test rows' summary1..3); absent when there are none
 * @param topic       optional topic label (with several, the first)
 * @param topics      every topic label when the source has several (DialogSum's test rows: topic1..3); else absent
 * @param group       optional grouping value (e.g. a customer): rows sharing it always share a split
 * @param source      the upload id it came from, or {@code stream}
 * @param contentHash SHA-256 (hex) of the normalized input and output; the key of normalized de-duplication
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Example(String id, String input, String output, List<String> references, String topic,
                      List<String> topics, String group, String source, String contentHash) {

    /** Version of this record's shape, recorded in every manifest. */
    public static final int SCHEMA_VERSION = 1;

    public static final String STREAM_SOURCE = "stream";

    public Example {
        references = references == null || references.isEmpty() ? null : List.copyOf(references);
        topics = topics == null || topics.isEmpty() ? null : List.copyOf(topics);
    }

    /** An example with at most one topic. */
    public Example(String id, String input, String output, List<String> references, String topic, String group,
                   String source, String contentHash) {
        this(id, input, output, references, topic, null, group, source, contentHash);
    }

    /** What decides the split: related rows (same group) stay together, otherwise each example on its own. */
    public String splitKey() {
        return group != null && !group.isBlank() ? "group:" + group : "id:" + id;
    }
}

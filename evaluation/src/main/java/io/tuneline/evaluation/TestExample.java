package io.tuneline.evaluation;

import java.util.List;

/**
 * One row of a prompt/completion test set as template-service renders it.
 *
 * @param exampleId  the dataset example's id
 * @param task       the task name (e.g. {@code dialogue_summarization}); may be empty
 * @param prompt     the model input
 * @param references the accepted answers: the row's {@code references} list when present (DialogSum test rows
 *                   carry three), with its {@code completion} first; never empty
 */
public record TestExample(String exampleId, String task, String prompt, List<String> references) {

    public TestExample {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("example " + exampleId + " has no reference");
        }
        references = List.copyOf(references);
    }

    /** The first reference, the one a fine-tuning run trains on. */
    public String completion() {
        return references.get(0);
    }
}

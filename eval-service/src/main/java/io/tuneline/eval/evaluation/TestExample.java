package io.tuneline.eval.evaluation;

import java.util.List;

/**
 * One prompt to generate for and the texts it is scored against. Several references (DialogSum's test rows carry
 * three) score as rouge-score's multi-reference mode does: the best per example.
 */
public record TestExample(String exampleId, String task, String prompt, List<String> references) {

    public TestExample {
        references = List.copyOf(references);
        if (references.isEmpty()) {
            throw new IllegalArgumentException("example " + exampleId + " has no reference");
        }
    }
}

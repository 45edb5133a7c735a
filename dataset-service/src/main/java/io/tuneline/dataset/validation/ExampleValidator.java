package io.tuneline.dataset.validation;

import io.tuneline.dataset.model.Example;

import java.util.List;
import java.util.Objects;

/**
 * Checks one candidate's texts and builds the canonical example. Required texts must be present, not blank and
 * within the limits; optional ones that are blank are treated as absent.
 */
public final class ExampleValidator {

    /** Either the accepted example or the reason it was refused. */
    public record Outcome(Example example, RejectionCode code, String reason) {

        public boolean accepted() {
            return example != null;
        }
    }

    private final ValidationLimits limits;

    public ExampleValidator(ValidationLimits limits) {
        this.limits = Objects.requireNonNull(limits);
    }

    /**
     * @param id     the source id, or null/blank to derive one from the content
     * @param input  null when the row has no such field
     * @param output null when the row has no such field
     */
    public Outcome validate(String id, String input, String output, List<String> references, String topic,
                            String group, String source) {
        Outcome problem = checkRequired("input", input, limits.maxInputChars());
        if (problem == null) {
            problem = checkRequired("output", output, limits.maxOutputChars());
        }
        if (problem != null) {
            return problem;
        }
        List<String> presentReferences = references == null ? List.of()
                : references.stream().filter(r -> r != null && !r.isBlank()).toList();
        for (String reference : presentReferences) {
            if (reference.codePointCount(0, reference.length()) > limits.maxOutputChars()) {
                return new Outcome(null, RejectionCode.TOO_LONG,
                        "a reference is longer than " + limits.maxOutputChars() + " characters");
            }
        }
        String contentHash = ContentHashing.contentHash(input, output);
        String exampleId = id == null || id.isBlank() ? "h-" + contentHash.substring(0, 16) : id.strip();
        return new Outcome(new Example(exampleId, input, output, presentReferences, blankToNull(topic),
                blankToNull(group), source, contentHash), null, null);
    }

    private static Outcome checkRequired(String field, String text, int maxChars) {
        if (text == null) {
            return new Outcome(null, RejectionCode.MISSING_FIELD, "the row has no " + field);
        }
        if (text.isBlank()) {
            return new Outcome(null, RejectionCode.EMPTY_FIELD, field + " is empty or only whitespace");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return new Outcome(null, RejectionCode.TOO_LONG,
                    field + " has " + length + " characters, more than the limit of " + maxChars);
        }
        return null;
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

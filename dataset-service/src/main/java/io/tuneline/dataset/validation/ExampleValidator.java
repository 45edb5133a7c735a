package io.tuneline.dataset.validation;

import io.tuneline.dataset.model.Example;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checks one candidate's texts and builds the canonical example. Required texts must be present, not blank (in the
 * Unicode sense, see {@link TextChecks#isBlank}) and within the limits; optional ones that are blank are treated as
 * absent. Control characters are rejected or stripped as {@link ValidationLimits#controlCharacters()} says.
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

    public Outcome validate(String id, String input, String output, List<String> references, String topic,
                            String group, String source) {
        return validate(id, input, output, references, topic, null, group, source);
    }

    /**
     * @param id     the source id, or null/blank to derive one from the content
     * @param input  null when the row has no such field
     * @param output null when the row has no such field
     * @param topics every topic label when the source has several (DialogSum's topic1..3), else null
     */
    public Outcome validate(String id, String input, String output, List<String> references, String topic,
                            List<String> topics, String group, String source) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("id", id);
        texts.put("input", input);
        texts.put("output", output);
        texts.put("topic", topic);
        texts.put("group", group);
        for (int i = 0; references != null && i < references.size(); i++) {
            texts.put("references[" + i + "]", references.get(i));
        }
        if (limits.controlCharacters() == ControlCharacterPolicy.REJECT) {
            Outcome control = findControl(texts);
            if (control == null && topics != null) {
                control = findControl(Map.of("topics", String.join(" ", topics)));
            }
            if (control != null) {
                return control;
            }
        } else {
            id = TextChecks.stripControls(id);
            input = TextChecks.stripControls(input);
            output = TextChecks.stripControls(output);
            topic = TextChecks.stripControls(topic);
            group = TextChecks.stripControls(group);
            references = references == null ? null : references.stream().map(TextChecks::stripControls).toList();
            topics = topics == null ? null : topics.stream().map(TextChecks::stripControls).toList();
        }
        Outcome problem = checkRequired("input", input, limits.maxInputChars());
        if (problem == null) {
            problem = checkRequired("output", output, limits.maxOutputChars());
        }
        if (problem != null) {
            return problem;
        }
        List<String> presentReferences = references == null ? List.of()
                : references.stream().filter(r -> r != null && !TextChecks.isBlank(r)).toList();
        for (String reference : presentReferences) {
            if (reference.codePointCount(0, reference.length()) > limits.maxOutputChars()) {
                return new Outcome(null, RejectionCode.TOO_LONG,
                        "a reference is longer than " + limits.maxOutputChars() + " characters");
            }
        }
        String contentHash = ContentHashing.contentHash(input, output);
        String exampleId = blankToNull(id) == null ? "h-" + contentHash.substring(0, 16) : id.strip();
        return new Outcome(new Example(exampleId, input, output, presentReferences, blankToNull(topic),
                presentTopics(topics), blankToNull(group), source, contentHash), null, null);
    }

    private static Outcome findControl(Map<String, String> texts) {
        for (Map.Entry<String, String> text : texts.entrySet()) {
            int at = text.getValue() == null ? -1 : TextChecks.firstForbiddenControl(text.getValue());
            if (at >= 0) {
                return new Outcome(null, RejectionCode.CONTROL_CHARACTER, text.getKey() + " holds the control "
                        + "character " + TextChecks.codePointName(text.getValue().charAt(at)) + " at character "
                        + (at + 1) + " (tabs and newlines are fine; other control characters are not text)");
            }
        }
        return null;
    }

    private static Outcome checkRequired(String field, String text, int maxChars) {
        if (text == null) {
            return new Outcome(null, RejectionCode.MISSING_FIELD, "the row has no " + field);
        }
        if (TextChecks.isBlank(text)) {
            return new Outcome(null, RejectionCode.EMPTY_FIELD, field + " is empty or only whitespace");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return new Outcome(null, RejectionCode.TOO_LONG,
                    field + " has " + length + " characters, more than the limit of " + maxChars);
        }
        return null;
    }

    private static List<String> presentTopics(List<String> topics) {
        if (topics == null) {
            return null;
        }
        List<String> present = new ArrayList<>();
        for (String topic : topics) {
            String kept = blankToNull(topic);
            if (kept != null) {
                present.add(kept);
            }
        }
        return present.isEmpty() ? null : present;
    }

    private static String blankToNull(String text) {
        return text == null || TextChecks.isBlank(text) ? null : text.strip();
    }
}

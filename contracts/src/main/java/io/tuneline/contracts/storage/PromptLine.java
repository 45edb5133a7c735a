package io.tuneline.contracts.storage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.util.List;

/**
 * One line of a rendered split file ({@link StorageLayout}'s {@code prompts/…/{renderId}/{split}.jsonl}): what
 * template-service writes, the trainer worker trains on, the evaluation module scores against and the launcher
 * reads. The same shape is what users bring to {@code ./tuneline train} and {@code ./tuneline eval}, so readers
 * ignore fields they do not know, and only {@code prompt} plus an answer are needed; which fields a reader requires
 * is the reader's business, this record is only the wire shape.
 *
 * @param prompt     the model input
 * @param completion the answer trained on (and the first reference when evaluating)
 * @param task       the task name, e.g. {@code dialogue_summarization}; absent in users' files
 * @param templateId the phrasing template-service chose
 * @param exampleId  the dataset example's id
 * @param references further accepted answers (DialogSum test rows carry several); only in hand-made test sets,
 *                   template-service does not write it, and it is left out of the JSON when absent
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PromptLine(String prompt, String completion, String task, String templateId, String exampleId,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<String> references) {

    /**
     * Strict about types, lenient about presence: text where text is expected (a number is not stringified into a
     * prompt), a list of strings for {@code references}; unknown fields are ignored.
     */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .withCoercionConfig(LogicalType.Textual, text -> text
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();
    private static final String REFERENCES_NOT_STRINGS = "'references' must be a list of strings";

    /** A line as template-service writes it (no extra references). */
    public PromptLine(String prompt, String completion, String task, String templateId, String exampleId) {
        this(prompt, completion, task, templateId, exampleId, null);
    }

    /**
     * Reads one line. Absent and {@code null} fields are null; the reasons a line is refused are worded for people
     * and name the field.
     *
     * @throws MalformedPromptLineException when the line is not JSON, not an object, or a field has the wrong type
     */
    public static PromptLine parse(String json) {
        PromptLine line;
        try {
            line = STRICT.readValue(json, PromptLine.class);
        } catch (MismatchedInputException e) {
            throw new MalformedPromptLineException(wrongType(e));
        } catch (JsonProcessingException e) {
            throw new MalformedPromptLineException("not valid JSON: " + e.getOriginalMessage());
        }
        if (line == null) {
            throw new MalformedPromptLineException("expected a JSON object");
        }
        if (line.references() != null && line.references().contains(null)) {
            throw new MalformedPromptLineException(REFERENCES_NOT_STRINGS);
        }
        return line;
    }

    /** The field whose value had the wrong type (the first step of the error's path), or the line itself. */
    private static String wrongType(MismatchedInputException e) {
        List<JsonMappingException.Reference> path = e.getPath();
        if (path.isEmpty() || path.get(0).getFieldName() == null) {
            return "expected a JSON object";
        }
        String field = path.get(0).getFieldName();
        return "references".equals(field) ? REFERENCES_NOT_STRINGS : "'" + field + "' must be a string";
    }
}

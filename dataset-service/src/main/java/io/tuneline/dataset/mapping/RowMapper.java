package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.RawRow;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.Rejection;
import io.tuneline.dataset.validation.RejectionCode;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an upload's raw row into a validated canonical example, or a rejection, through the field mapping. A row
 * whose fields are not the upload's columns (JSONL mixing {@code input/output} and {@code prompt/completion} rows)
 * is mapped by what it has; a mapped field whose JSON value is not a string is a {@code wrong-type} rejection.
 */
public final class RowMapper {

    /** Exactly one of the two is set. */
    public record Mapped(Example example, Rejection rejection) {
    }

    /** Ids may be whole numbers in JSON; every other mapped field must be a string. */
    private static final String INTEGER_ALLOWED = "number";

    private final FieldMapping mapping;
    private final Set<String> columns;
    private final Map<String, String> overrides;
    private final boolean dialogSum;
    private final ExampleValidator validator;
    private final String source;
    private final Map<Set<String>, FieldMapping> rowMappings = new HashMap<>();

    /**
     * @param mapping   the upload's mapping, resolved from {@code columns}
     * @param overrides the explicit {@code map.*} parameters, which hold for every row
     */
    public RowMapper(FieldMapping mapping, List<String> columns, Map<String, String> overrides, boolean dialogSum,
                     ExampleValidator validator, String source) {
        this.mapping = mapping;
        this.columns = Set.copyOf(columns);
        this.overrides = Map.copyOf(overrides);
        this.dialogSum = dialogSum;
        this.validator = validator;
        this.source = source;
    }

    public RowMapper(FieldMapping mapping, ExampleValidator validator, String source) {
        this(mapping, mapping.sources(), Map.of(), false, validator, source);
    }

    public Mapped map(RawRow row) {
        if (row.problem() != null) {
            return new Mapped(null, Rejection.of(row.line(), row.problem().code(), row.problem().message(), null,
                    row.payload()));
        }
        Map<String, String> fields = row.fields();
        FieldMapping rowMapping = mappingOf(row);
        String id = get(fields, rowMapping.id());
        Rejection wrongType = wrongType(row, rowMapping, id);
        if (wrongType != null) {
            return new Mapped(null, wrongType);
        }
        List<String> references = rowMapping.references().stream().map(fields::get).toList();
        List<String> topics = rowMapping.topics().isEmpty() ? null
                : rowMapping.topics().stream().map(fields::get).toList();
        ExampleValidator.Outcome outcome = validator.validate(id, get(fields, rowMapping.input()),
                get(fields, rowMapping.output()), references, get(fields, rowMapping.topic()), topics,
                get(fields, rowMapping.group()), source);
        if (!outcome.accepted()) {
            return new Mapped(null, Rejection.of(row.line(), outcome.code(), outcome.reason(), blankToNull(id),
                    row.payload()));
        }
        return new Mapped(outcome.example(), null);
    }

    private FieldMapping mappingOf(RawRow row) {
        Set<String> present = new HashSet<>(row.fields().keySet());
        present.addAll(row.valueTypes().keySet());
        if (present.containsAll(mapping.sources()) && columns.containsAll(present)) {
            return mapping;
        }
        return rowMappings.computeIfAbsent(Set.copyOf(present),
                fields -> FieldMapping.forRow(overrides, fields, dialogSum));
    }

    private static Rejection wrongType(RawRow row, FieldMapping rowMapping, String id) {
        for (String field : rowMapping.sources()) {
            String type = row.valueTypes().get(field);
            if (type == null || (field.equals(rowMapping.id()) && type.equals(INTEGER_ALLOWED)
                    && row.fields().containsKey(field))) {
                continue;
            }
            return Rejection.of(row.line(), RejectionCode.WRONG_TYPE, "field '" + field + "' is a JSON " + type
                    + " where text is expected", blankToNull(id), row.payload());
        }
        return null;
    }

    private static String get(Map<String, String> fields, String name) {
        return name == null ? null : fields.get(name);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.RawRow;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.Rejection;

import java.util.List;
import java.util.Map;

/** Turns an upload's raw row into a validated canonical example, or a rejection, through the field mapping. */
public final class RowMapper {

    /** Exactly one of the two is set. */
    public record Mapped(Example example, Rejection rejection) {
    }

    private final FieldMapping mapping;
    private final ExampleValidator validator;
    private final String source;

    public RowMapper(FieldMapping mapping, ExampleValidator validator, String source) {
        this.mapping = mapping;
        this.validator = validator;
        this.source = source;
    }

    public Mapped map(RawRow row) {
        if (row.problem() != null) {
            return new Mapped(null, Rejection.of(row.line(), row.problem().code(), row.problem().message(), null,
                    row.payload()));
        }
        Map<String, String> fields = row.fields();
        String id = get(fields, mapping.id());
        List<String> references = mapping.references().stream().map(fields::get).toList();
        ExampleValidator.Outcome outcome = validator.validate(id, get(fields, mapping.input()),
                get(fields, mapping.output()), references, get(fields, mapping.topic()), get(fields, mapping.group()),
                source);
        if (!outcome.accepted()) {
            return new Mapped(null, Rejection.of(row.line(), outcome.code(), outcome.reason(), blankToNull(id),
                    row.payload()));
        }
        return new Mapped(outcome.example(), null);
    }

    private static String get(Map<String, String> fields, String name) {
        return name == null ? null : fields.get(name);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}

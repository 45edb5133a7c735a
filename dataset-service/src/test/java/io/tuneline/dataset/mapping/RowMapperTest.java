package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.RawRow;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.validation.ControlCharacterPolicy;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.ValidationLimits;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RowMapperTest {

    private final ExampleValidator validator = new ExampleValidator(new ValidationLimits(100, 100));

    @Test
    void rowsOfAnotherInstructionSchemaAreMappedByWhatTheyHave() {
        List<String> columns = List.of("input", "output");
        FieldMapping mapping = FieldMapping.resolve(Map.of(), columns, false, 1);
        RowMapper mapper = new RowMapper(mapping, columns, Map.of(), false, validator, "up-1");

        Example first = mapper.map(RawRow.readable(1, Map.of("input", "a", "output", "b"), "")).example();
        Example second = mapper.map(RawRow.readable(2, Map.of("prompt", "c", "completion", "d"), "")).example();

        assertThat(first.input()).isEqualTo("a");
        assertThat(second.input()).isEqualTo("c");
        assertThat(second.output()).isEqualTo("d");
    }

    @Test
    void explicitMappingsHoldForEveryRow() {
        List<String> columns = List.of("question", "answer", "prompt", "completion");
        FieldMapping mapping = FieldMapping.resolve(Map.of("input", "question", "output", "answer"), columns, false, 1);
        RowMapper mapper = new RowMapper(mapping, columns, Map.of("input", "question", "output", "answer"), false,
                validator, "up-1");

        RowMapper.Mapped mapped = mapper.map(RawRow.readable(2, Map.of("prompt", "c", "completion", "d"), ""));

        assertThat(mapped.rejection().code()).isEqualTo("missing-field");
    }

    @Test
    void nonTextValuesAreWrongTypesButWholeNumberIdsAreIds() {
        List<String> columns = List.of("id", "input", "output");
        RowMapper mapper = new RowMapper(FieldMapping.resolve(Map.of(), columns, false, 1), columns, Map.of(), false,
                validator, "up-1");

        RowMapper.Mapped numberOutput = mapper.map(RawRow.readable(1, Map.of("id", "x", "input", "a"),
                Map.of("output", "number"), ""));
        RowMapper.Mapped numericId = mapper.map(RawRow.readable(2, Map.of("id", "7", "input", "a", "output", "b"),
                Map.of("id", "number"), ""));
        RowMapper.Mapped objectId = mapper.map(RawRow.readable(3, Map.of("input", "a", "output", "b"),
                Map.of("id", "object"), ""));

        assertThat(numberOutput.rejection().code()).isEqualTo("wrong-type");
        assertThat(numberOutput.rejection().reason()).isEqualTo("field 'output' is a JSON number where text is "
                + "expected");
        assertThat(numericId.example().id()).isEqualTo("7");
        assertThat(objectId.rejection().reason()).contains("'id'", "object");
    }

    @Test
    void controlCharactersAreStrippedWhenConfigured() {
        ExampleValidator stripping = new ExampleValidator(new ValidationLimits(100, 100,
                ControlCharacterPolicy.STRIP));
        List<String> columns = List.of("input", "output");
        RowMapper mapper = new RowMapper(FieldMapping.resolve(Map.of(), columns, false, 1), columns, Map.of(), false,
                stripping, "up-1");

        Example example = mapper.map(RawRow.readable(1, Map.of("input", "a\u0000b\tc", "output", "\u001bd"), ""))
                .example();

        assertThat(example.input()).isEqualTo("ab\tc");
        assertThat(example.output()).isEqualTo("d");
    }
}

package io.tuneline.dataset.mapping;

import io.tuneline.dataset.ingest.UnreadableUploadException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FieldMappingTest {

    @Test
    void recognisesDialogSumRowsIncludingMultiReferenceTestRows() {
        FieldMapping train = FieldMapping.resolve(Map.of(), List.of("fname", "dialogue", "summary", "topic"), true, 1);
        assertThat(train).isEqualTo(new FieldMapping("fname", "dialogue", "summary", "topic", null, List.of()));

        FieldMapping test = FieldMapping.resolve(Map.of(),
                List.of("fname", "dialogue", "summary1", "summary2", "summary3", "topic1"), true, 1);
        assertThat(test.output()).isEqualTo("summary1");
        assertThat(test.references()).containsExactly("summary1", "summary2", "summary3");
        assertThat(test.topic()).isEqualTo("topic1");
        assertThat(test.topics()).isEmpty();
    }

    @Test
    void dialogSumTestRowsWithThreeTopicsUseTheFirstAndKeepAll() {
        FieldMapping test = FieldMapping.resolve(Map.of(),
                List.of("fname", "dialogue", "summary1", "summary2", "summary3", "topic1", "topic2", "topic3"), true,
                1);
        assertThat(test.topic()).isEqualTo("topic1");
        assertThat(test.topics()).containsExactly("topic1", "topic2", "topic3");
    }

    @Test
    void aRowIsMappedLenientlyFromItsOwnFields() {
        assertThat(FieldMapping.forRow(Map.of(), List.of("prompt", "completion"), false))
                .isEqualTo(new FieldMapping(null, "prompt", "completion", null, null, List.of()));
        assertThat(FieldMapping.forRow(Map.of(), List.of("text"), false).input()).isNull();
    }

    @Test
    void recognisesTheCsvExportAndInstructionRows() {
        assertThat(FieldMapping.resolve(Map.of(), List.of("id", "dialogue", "summary", "topic"), false, 1))
                .isEqualTo(new FieldMapping("id", "dialogue", "summary", "topic", null, List.of()));
        assertThat(FieldMapping.resolve(Map.of(), List.of("input", "output"), false, 1))
                .isEqualTo(new FieldMapping(null, "input", "output", null, null, List.of()));
        assertThat(FieldMapping.resolve(Map.of(), List.of("prompt", "completion"), false, 1))
                .isEqualTo(new FieldMapping(null, "prompt", "completion", null, null, List.of()));
    }

    @Test
    void explicitMappingWinsOverGuessing() {
        FieldMapping mapping = FieldMapping.resolve(
                Map.of("input", "chat", "output", "resolution", "id", "ticket", "group", "customer",
                        "references", "alt1, alt2"),
                List.of("ticket", "chat", "resolution", "customer", "alt1", "alt2", "summary"), false, 1);

        assertThat(mapping).isEqualTo(new FieldMapping("ticket", "chat", "resolution", null, "customer",
                List.of("alt1", "alt2")));
    }

    @Test
    void aMissingRequiredFieldOrAnUnknownMappedFieldIsUnreadable() {
        assertThatThrownBy(() -> FieldMapping.resolve(Map.of(), List.of("id", "text", "label"), false, 1))
                .isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
                    assertThat(e.code()).isEqualTo("unmapped-field");
                    assertThat(e.getMessage()).contains("map.input=<field>").contains("[id, text, label]");
                });
        assertThatThrownBy(() -> FieldMapping.resolve(Map.of("group", "customer"), List.of("input", "output"),
                false, 7))
                .isInstanceOfSatisfying(UnreadableUploadException.class, e -> {
                    assertThat(e.line()).isEqualTo(7);
                    assertThat(e.getMessage()).startsWith("map.group=customer names a field");
                });
    }
}

package io.tuneline.dataset.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleTest {

    @Test
    void rowsOfOneGroupShareASplitKeyAndOthersGoByTheirId() {
        assertThat(example("1", "acme").splitKey()).isEqualTo("group:acme");
        assertThat(example("2", "acme").splitKey()).isEqualTo("group:acme");
        assertThat(example("3", null).splitKey()).isEqualTo("id:3");
        assertThat(example("4", " ").splitKey()).as("a blank group is no group").isEqualTo("id:4");
    }

    @Test
    void emptyListsAreAbsentAndListsAreCopied() {
        List<String> references = new ArrayList<>(List.of("r1"));
        Example example = new Example("1", "in", "out", references, "t", List.of(), null, "stream", "hash");
        references.add("added later");

        assertThat(example.references()).containsExactly("r1");
        assertThat(example.topics()).isNull();
        assertThat(new Example("2", "in", "out", List.of(), null, null, "stream", "hash").references()).isNull();
    }

    @Test
    void splitsAreFoundByTheirWireNameOnly() {
        assertThat(Split.ofWireName("validation")).contains(Split.VALIDATION);
        assertThat(Split.ofWireName("VALIDATION")).isEmpty();
        assertThat(Split.ofWireName("dev")).isEmpty();
        assertThat(Split.values()).extracting(Split::wireName).containsExactly("train", "validation", "test");
    }

    private static Example example(String id, String group) {
        return new Example(id, "in", "out", null, null, group, "stream", "hash");
    }
}

package io.tuneline.template.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.template.library.FieldType;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.library.TaskField;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExampleMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TaskDefinition RATING = new TaskDefinition("review_rating", null, List.of(
            new TaskField("review", "input", FieldType.TEXT, true, null),
            new TaskField("stars", "meta.stars", FieldType.INTEGER, true, null),
            new TaskField("title", "output", FieldType.TEXT, false, null)), "review", null, null, Origin.SHIPPED);

    @Test
    void mapsCanonicalFieldsAndNestedPathsIgnoringExtras() throws IOException {
        MappedExample example = ExampleMapper.map(RATING, JSON.readTree(
                "{\"id\":\"r1\",\"input\":\"Nice\",\"meta\":{\"stars\":\"4\"},\"contentHash\":\"h\",\"extra\":[1]}"),
                "line-1");

        assertThat(example.exampleId()).isEqualTo("r1");
        assertThat(example.problems()).isEmpty();
        assertThat(example.variables()).containsEntry("review", "Nice").containsEntry("stars", 4L)
                .containsEntry("title", null);
    }

    @Test
    void namesMissingAndMistypedFields() throws IOException {
        MappedExample example = ExampleMapper.map(RATING, JSON.readTree(
                "{\"input\":\"  \",\"meta\":{\"stars\":\"many\"}}"), "line-7");

        assertThat(example.exampleId()).isEqualTo("line-7");
        assertThat(example.renderable()).isFalse();
        assertThat(example.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("'review'", "missing"))
                .anySatisfy(p -> assertThat(p).contains("'stars'", "integer"));
    }

    @Test
    void fallsBackToTheContentHashForTheExampleId() throws IOException {
        assertThat(ExampleMapper.map(RATING, JSON.readTree("{\"contentHash\":\"abc\"}"), "line-1").exampleId())
                .isEqualTo("abc");
    }

    @Test
    void aListOrAnObjectWhereTextIsExpectedIsAWrongTypeNotStringifiedJson() throws IOException {
        MappedExample list = ExampleMapper.map(RATING, JSON.readTree(
                "{\"input\":[\"Nice\"],\"meta\":{\"stars\":4}}"), "line-2");
        MappedExample object = ExampleMapper.map(RATING, JSON.readTree(
                "{\"input\":{\"text\":\"Nice\"},\"meta\":{\"stars\":4}}"), "line-3");
        MappedExample number = ExampleMapper.map(RATING, JSON.readTree(
                "{\"input\":42,\"meta\":{\"stars\":4}}"), "line-4");

        assertThat(list.renderable()).isFalse();
        assertThat(list.problems()).singleElement().satisfies(p -> assertThat(p).contains("'review'", "a list"));
        assertThat(object.problems()).singleElement().satisfies(p -> assertThat(p).contains("'review'", "an object"));
        assertThat(number.problems()).isEmpty();
        assertThat(number.variables()).containsEntry("review", "42");
    }
}

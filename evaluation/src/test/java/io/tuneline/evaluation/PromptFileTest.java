package io.tuneline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromptFileTest {

    @Test
    void readsTemplateServiceRowsWithOptionalReferences() {
        String jsonl = """
                {"prompt":"Summarize: A","completion":"a","task":"dialogue_summarization","templateId":"t1","exampleId":"ex1"}

                {"prompt":"Summarize: B","completion":"b1","references":["b1","b2","b3"],"exampleId":"ex2"}
                {"prompt":"Rate it","references":["5 stars"]}
                """;

        List<TestExample> examples = PromptFile.read(new StringReader(jsonl), "test.jsonl");

        assertThat(examples).hasSize(3);
        assertThat(examples.get(0)).isEqualTo(
                new TestExample("ex1", "dialogue_summarization", "Summarize: A", List.of("a")));
        assertThat(examples.get(1).references()).containsExactly("b1", "b2", "b3");
        assertThat(examples.get(2).exampleId()).isEqualTo("line-4");
        assertThat(examples.get(2).completion()).isEqualTo("5 stars");
    }

    @Test
    void aBadLineIsNamedWithItsReason() {
        assertThatThrownBy(() -> PromptFile.read(new StringReader("{\"prompt\":\"p\",\"completion\":\"c\"}\n{oops"),
                "test.jsonl"))
                .isInstanceOfSatisfying(InvalidPromptFileException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.reason()).startsWith("not valid JSON");
                });
        assertThatThrownBy(() -> PromptFile.read(new StringReader("{\"prompt\":\"p\"}"), "x"))
                .hasMessage("x line 1: needs a 'completion' or 'references'");
        assertThatThrownBy(() -> PromptFile.read(new StringReader("{\"completion\":\"c\"}"), "x"))
                .hasMessage("x line 1: missing or empty 'prompt'");
        assertThatThrownBy(() -> PromptFile.read(new StringReader("{\"prompt\":\"p\",\"references\":\"c\"}"), "x"))
                .hasMessage("x line 1: 'references' must be a list of strings");
    }
}

package io.tuneline.template.library;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PromptsourceFormatTest {

    static String resource(String name) throws IOException {
        try (InputStream in = PromptsourceFormatTest.class.getResourceAsStream("/promptsource/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsAPromptsourceFileWithItsCustomTags() throws IOException {
        PromptsourceFile file = PromptsourceFormat.parse(resource("product_reviews.yaml"));

        assertThat(file.dataset()).isEqualTo("product_reviews");
        assertThat(file.subset()).isEqualTo("home");
        assertThat(file.templates()).extracting(PromptTemplate::name)
                .containsExactly("is_the_review_positive", "would_recommend", "generate_title");
        PromptTemplate first = file.templates().get(0);
        assertThat(first.id()).isEqualTo("0b6f4a7e-3c1d-4a57-9d5e-1f2a3b4c5d61");
        assertThat(first.answerChoices()).isEqualTo("Negative ||| Positive");
        // PyYAML's folded single-quoted style: blank lines in the file are newlines in the template.
        assertThat(first.jinja()).isEqualTo("Title: {{title}}\nReview: {{content}}\n"
                + "Is the review positive or negative? |||\n{{answer_choices[label]}}");
        assertThat(first.metadata()).containsEntry("choices_in_prompt", true).containsEntry("original_task", true);
        assertThat(file.templates().get(2).answerChoices()).isNull();
    }

    @Test
    void acceptsTheOlderListFormOfAnswerChoices() {
        String yaml = """
                dataset: polarity
                templates:
                  t1: !Template
                    answer_choices:
                    - 'No'
                    - 'Yes'
                    id: t1
                    jinja: '{{text}} Good? ||| {{answer_choices[label]}}'
                    metadata: !TemplateMetadata
                      choices_in_prompt: false
                    name: good
                    reference: ''
                """;
        assertThat(PromptsourceFormat.parse(yaml).templates().get(0).answerChoices()).isEqualTo("No ||| Yes");
    }

    @Test
    void saysWhereTheYamlIsBroken() {
        assertThatThrownBy(() -> PromptsourceFormat.parse("dataset: x\ntemplates:\n  a: [unclosed\n"))
                .isInstanceOf(InvalidLibraryFileException.class).hasMessageContaining("line");
    }

    @Test
    void refusesFilesWithoutTemplatesOrJinja() {
        assertThatThrownBy(() -> PromptsourceFormat.parse("dataset: x\n"))
                .isInstanceOf(InvalidLibraryFileException.class).hasMessageContaining("templates");
        assertThatThrownBy(() -> PromptsourceFormat.parse("templates:\n  a: !Template\n    name: n\n"))
                .isInstanceOf(InvalidLibraryFileException.class).hasMessageContaining("'a' has no 'jinja'");
    }
}

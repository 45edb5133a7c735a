package io.tuneline.template.library;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.template.engine.RenderException;
import io.tuneline.template.engine.RenderedPrompt;
import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.mapping.ExampleMapper;
import io.tuneline.template.mapping.MappedExample;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShippedLibraryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ShippedLibrary library = new ShippedLibrary();
    private final TemplateEngine engine = new TemplateEngine();

    @Test
    void coversTheFlanTasksWithSeveralPhrasingsEach() {
        assertThat(library.tasks()).extracting(TaskDefinition::name).contains("dialogue_summarization",
                "dialogue_topic", "review_rating", "review_title", "review_generation", "sentiment",
                "named_entity_extraction");
        for (TaskDefinition task : library.tasks()) {
            assertThat(library.templates()).filteredOn(t -> t.task().equals(task.name()))
                    .as("phrasings of %s", task.name()).hasSizeGreaterThanOrEqualTo(3);
        }
        assertThat(library.templates()).allSatisfy(t -> assertThat(t.origin()).isEqualTo(Origin.SHIPPED));
    }

    @Test
    void includesTheClassicFlanDialogueAndReviewPhrasings() {
        List<String> jinja = library.templates().stream().map(PromptTemplate::jinja).toList();
        assertThat(String.join("\n", jinja)).contains("Summarize the following conversation.",
                "Briefly summarize that dialogue.", "What was going on in that conversation?",
                "What is a summary of this dialogue?", "predict the associated rating",
                "Give a short sentence describing the following product review", "-star review");
    }

    @Test
    void everyShippedTemplateIsValidForItsTask() {
        for (PromptTemplate template : library.templates()) {
            TaskDefinition task = library.task(template.task()).orElseThrow();
            assertThat(engine.validate(template.jinja(), template.answerChoices(), task))
                    .as("problems of %s", template.id()).isEmpty();
        }
    }

    @Test
    void everyShippedTemplateRendersOnItsTaskSampleRow() throws RenderException {
        for (PromptTemplate template : library.templates()) {
            TaskDefinition task = library.task(template.task()).orElseThrow();
            MappedExample example = ExampleMapper.map(task, JSON.valueToTree(task.sample()), "sample");
            assertThat(example.problems()).as("sample of %s", task.name()).isEmpty();
            RenderedPrompt rendered = engine.render(template, example.variables());
            assertThat(rendered.prompt()).as(template.id()).isNotBlank().doesNotContain("|||", "{{", "{%");
            assertThat(rendered.completion()).as(template.id()).isNotBlank();
        }
    }

    @Test
    void ratingTemplatesAnswerWithTheStarsThroughAnswerChoices() throws RenderException {
        PromptTemplate template = library.template("rating-choose-from-options").orElseThrow();
        TaskDefinition task = library.task("review_rating").orElseThrow();
        MappedExample example = ExampleMapper.map(task, JSON.valueToTree(task.sample()), "sample");
        RenderedPrompt rendered = engine.render(template, example.variables());
        assertThat(rendered.prompt()).endsWith("Options: 1, 2, 3, 4, 5.");
        assertThat(rendered.completion()).isEqualTo("4");
    }

    @Test
    void generalSetsHoldCanonicalRowsForTheirTasks() throws IOException {
        GeneralSets sets = new GeneralSets();
        for (TaskDefinition task : library.tasks()) {
            if (task.replaySet() == null) {
                continue;
            }
            for (String split : GeneralSets.SPLITS) {
                try (BufferedReader reader = sets.open(task.replaySet(), split)) {
                    List<String> lines = reader.lines().toList();
                    assertThat(lines).as("%s/%s", task.replaySet(), split).isNotEmpty();
                    for (String line : lines) {
                        JsonNode row = JSON.readTree(line);
                        assertThat(ExampleMapper.map(task, row, "x").problems()).as(line).isEmpty();
                    }
                }
            }
        }
    }
}

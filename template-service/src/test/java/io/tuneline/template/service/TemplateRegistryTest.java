package io.tuneline.template.service;

import io.tuneline.template.engine.TemplateEngine;
import io.tuneline.template.library.GeneralSets;
import io.tuneline.template.library.Origin;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.library.ShippedLibrary;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.tuneline.template.testing.ApiErrors.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

/** Shipped and custom templates, with the shipped library and an in-memory store instead of S3. */
class TemplateRegistryTest {

    private static final String TASK = "dialogue_summarization";

    private final InMemoryLibraryStore store = new InMemoryLibraryStore();
    private final ShippedLibrary shipped = new ShippedLibrary();
    private final TaskRegistry tasks = new TaskRegistry(shipped, store, new GeneralSets(), TestData.SERVICE_JSON);
    private final TemplateRegistry registry = new TemplateRegistry(shipped, store, tasks, new TemplateEngine());

    private static PromptTemplate custom(String id, String jinja) {
        return new PromptTemplate(id, TASK, null, jinja, null, null, null, null);
    }


    @Test
    void anAddedTemplateIsCustomStoredAndListedAfterTheShippedOnes() {
        PromptTemplate added = registry.add(custom("recap", "Recap: {{ dialogue }} ||| {{ summary }}"));

        assertThat(added.origin()).isEqualTo(Origin.CUSTOM);
        assertThat(added.name()).isEqualTo("recap");
        assertThat(registry.require("recap")).isEqualTo(added);
        List<PromptTemplate> all = registry.all(TASK);
        assertThat(all.get(all.size() - 1)).isEqualTo(added);
        assertThat(all).extracting(PromptTemplate::origin).first().isEqualTo(Origin.SHIPPED);
        assertThat(registry.all("sentiment")).extracting(PromptTemplate::task).containsOnly("sentiment");
    }

    @Test
    void aTemplateWithoutIdGetsOne() {
        assertThat(registry.add(custom(null, "Recap: {{ dialogue }} ||| {{ summary }}")).id())
                .matches("[0-9a-f-]{36}");
    }

    @Test
    void refusesAnUnknownFieldADuplicateIdABadIdAndAnUnknownTask() {
        registry.add(custom("recap", "Recap: {{ dialogue }} ||| {{ summary }}"));

        assertRejected(() -> registry.add(custom("other", "Recap: {{ customer }} ||| {{ summary }}")), 400,
                "unknown-field");
        assertRejected(() -> registry.add(custom("recap", "Again: {{ dialogue }} ||| {{ summary }}")), 409,
                "template-exists");
        assertRejected(() -> registry.add(custom("dsum-summarize-following", "{{ dialogue }} ||| {{ summary }}")),
                409, "template-exists");
        assertRejected(() -> registry.add(custom("../x", "{{ dialogue }} ||| {{ summary }}")), 400,
                "invalid-template-id");
        assertRejected(() -> registry.add(new PromptTemplate("x", "no_such_task", null, "a ||| b", null, null, null,
                null)), 404, "unknown-task");
        assertThat(registry.find("other")).isEmpty();
    }

    @Test
    void onlyCustomTemplatesCanBeDeleted() {
        registry.add(custom("recap", "Recap: {{ dialogue }} ||| {{ summary }}"));

        registry.delete("recap");

        assertThat(registry.find("recap")).isEmpty();
        assertRejected(() -> registry.delete("dsum-summarize-following"), 409, "shipped-template");
        assertRejected(() -> registry.delete("recap"), 404, "unknown-template");
    }

    @Test
    void aRenderUsesTheTemplatesSortedByIdAndADomainPhrasingOnlyForDataOfThatDomain() {
        List<PromptTemplate> general = registry.forRender(TASK, null, Set.of());
        List<PromptTemplate> support = registry.forRender(TASK, null, Set.of("support-chat"));

        assertThat(general).extracting(PromptTemplate::id).isSorted().doesNotContain("dsum-support-chat");
        assertThat(support).extracting(PromptTemplate::id).isSorted().contains("dsum-support-chat");
        assertThat(support).hasSize(general.size() + 1);
    }

    @Test
    void namedTemplatesMustBelongToTheTask() {
        assertThat(registry.forRender(TASK, List.of("dsum-main-points", "dsum-briefly-summarize")))
                .extracting(PromptTemplate::id).containsExactly("dsum-briefly-summarize", "dsum-main-points");
        String otherTask = registry.all("sentiment").get(0).id();
        assertRejected(() -> registry.forRender(TASK, List.of(otherTask)), 400, "template-task-mismatch");
        assertRejected(() -> registry.forRender(TASK, List.of("no-such-template")), 404, "unknown-template");
    }

    @Test
    void aPromptsourceImportIsAllOrNothing() {
        String yaml = """
                dataset: dialogue_summarization
                templates:
                  good-one: !Template
                    answer_choices: null
                    id: good-one
                    jinja: 'Sum up: {{ dialogue }} ||| {{ summary }}'
                    metadata: !TemplateMetadata
                      original_task: true
                    name: good
                    reference: ''
                  bad-one: !Template
                    answer_choices: null
                    id: bad-one
                    jinja: 'Sum up: {{ customer }} ||| {{ summary }}'
                    metadata: !TemplateMetadata
                      original_task: true
                    name: bad
                    reference: ''
                """;

        assertRejected(() -> registry.importPromptsource(yaml, null), 400, "unknown-field");
        assertThat(registry.find("good-one")).isEmpty();

        TemplateRegistry.ImportResult imported = registry.importPromptsource(
                yaml.substring(0, yaml.indexOf("  bad-one")), null);
        assertThat(imported.task()).isEqualTo(TASK);
        assertThat(imported.imported()).containsExactly("good-one");
        assertThat(registry.require("good-one").origin()).isEqualTo(Origin.CUSTOM);
    }
}

package io.tuneline.template.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

/** A promptsource import is all or nothing: one invalid template keeps the valid ones out too. */
@QuarkusTest
class PromptsourceAllOrNothingTest {

    private static final String VALID = "aa11aa11-0000-4000-8000-000000000001";
    private static final String INVALID = "bb22bb22-0000-4000-8000-000000000002";

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void aFileWithOneValidAndOneInvalidTemplateStoresNeither() {
        given().contentType(ContentType.JSON).body(Map.of("name", "all_or_nothing_reviews",
                        "fields", List.of(Map.of("name", "content", "source", "input", "required", true),
                                Map.of("name", "title", "source", "output", "required", true))))
                .when().post("/api/v1/tasks").then().statusCode(201);
        String file = """
                dataset: all_or_nothing_reviews
                templates:
                  %1$s: !Template
                    answer_choices: null
                    id: %1$s
                    jinja: 'Give this review a title: {{ content }} ||| {{ title }}'
                    metadata: !TemplateMetadata
                      original_task: true
                    name: valid_title
                    reference: ''
                  %2$s: !Template
                    answer_choices: null
                    id: %2$s
                    jinja: 'Rate {{ stars }}: {{ content }} ||| {{ title }}'
                    metadata: !TemplateMetadata
                      original_task: false
                    name: uses_a_missing_field
                    reference: ''
                """.formatted(VALID, INVALID);

        given().contentType("application/x-yaml").body(file.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/templates/import").then().statusCode(400)
                .body("error", equalTo("unknown-field"))
                .body("details.problems.keySet()", equalTo(java.util.Set.of(INVALID)));

        given().when().get("/api/v1/templates/" + VALID).then().statusCode(404);
        given().when().get("/api/v1/templates/" + INVALID).then().statusCode(404);
        given().when().get("/api/v1/templates?task=all_or_nothing_reviews").then().statusCode(200)
                .body("id", not(hasItem(VALID)));
        assertThat(store.list(layout.prompts(), layout.promptsLibraryPrefix("templates")))
                .extracting(StoredObject::key).noneMatch(key -> key.contains(VALID) || key.contains(INVALID));

        // The same file without the invalid template imports: the refusal was about that template alone.
        String valid = file.substring(0, file.indexOf("  " + INVALID + ":"));
        given().contentType("application/x-yaml").body(valid.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/templates/import").then().statusCode(201)
                .body("imported", equalTo(List.of(VALID)));
    }
}

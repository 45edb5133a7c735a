package io.tuneline.template.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.template.testing.TestData;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Custom templates live in the shared bucket, not in one instance's memory: what this replica adds is there for
 * the others, and what another replica added (written straight to the bucket here) this one serves at once.
 */
@QuarkusTest
class SharedLibraryTest {

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void aTemplateAddedOnOneReplicaIsServedByEveryOther() throws Exception {
        given().contentType(ContentType.JSON).body(Map.of("id", "shared-recap", "task", "dialogue_summarization",
                        "jinja", "Recap for the shared library.\n{{ dialogue }}\n|||\n{{ summary }}"))
                .when().post("/api/v1/templates").then().statusCode(201);

        ObjectRef added = layout.promptsLibraryEntry("templates", "shared-recap");
        ObjectNode stored = (ObjectNode) TestData.JSON.readTree(store.getBytes(added.bucket(), added.key()));
        assertThat(stored.path("jinja").asText()).startsWith("Recap for the shared library.");

        // Another replica adds a template: it only writes the bucket.
        stored.put("id", "shared-recap-elsewhere");
        stored.put("jinja", "Recap written by another replica.\n{{ dialogue }}\n|||\n{{ summary }}");
        ObjectRef elsewhere = layout.promptsLibraryEntry("templates", "shared-recap-elsewhere");
        store.put(elsewhere.bucket(), elsewhere.key(), TestData.JSON.writeValueAsBytes(stored));

        given().when().get("/api/v1/templates/shared-recap-elsewhere").then().statusCode(200)
                .body("jinja", equalTo("Recap written by another replica.\n{{ dialogue }}\n|||\n{{ summary }}"))
                .body("origin", equalTo("custom"));
        given().when().get("/api/v1/templates?task=dialogue_summarization").then().statusCode(200)
                .body("id", hasItem("shared-recap-elsewhere"));
    }
}

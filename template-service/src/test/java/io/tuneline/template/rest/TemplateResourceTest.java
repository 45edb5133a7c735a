package io.tuneline.template.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class TemplateResourceTest {

    @Test
    void listsTheShippedLibrary() {
        given().when().get("/api/v1/templates?task=dialogue_summarization").then().statusCode(200)
                .body("size()", greaterThanOrEqualTo(4))
                .body("id", hasItems("dsum-summarize-following", "dsum-briefly-summarize"))
                .body("origin", hasItem("shipped"));
        given().when().get("/api/v1/tasks").then().statusCode(200)
                .body("name", hasItems("dialogue_summarization", "dialogue_topic", "review_rating", "review_title",
                        "review_generation", "sentiment", "named_entity_extraction"));
        given().when().get("/api/v1/templates/dsum-what-is-a-summary").then().statusCode(200)
                .body("jinja", containsString("What is a summary of this dialogue?"));
        given().when().get("/api/v1/templates/no-such-template").then().statusCode(404)
                .body("error", equalTo("unknown-template"));
    }

    @Test
    void addsACustomTemplateThatIsListedAndCannotBeAddedTwice() {
        Map<String, Object> template = Map.of("id", "custom-recap", "task", "dialogue_summarization",
                "name", "Recap",
                "jinja", "Recap this support chat for the ticket.\n{{ dialogue }}\n|||\n{{ summary }}");

        given().contentType(ContentType.JSON).body(template).when().post("/api/v1/templates").then()
                .statusCode(201).header("Location", endsWith("/api/v1/templates/custom-recap"))
                .body("origin", equalTo("custom"));

        given().when().get("/api/v1/templates?task=dialogue_summarization").then().statusCode(200)
                .body("id", hasItem("custom-recap"));
        given().contentType(ContentType.JSON).body(template).when().post("/api/v1/templates").then()
                .statusCode(409).body("error", equalTo("template-exists"));
    }

    @Test
    void refusesATemplateThatDoesNotCompileAndSaysWhere() {
        given().contentType(ContentType.JSON).body(Map.of("id", "broken-syntax", "task", "dialogue_summarization",
                        "jinja", "Summarize:\n{{ dialogue | }}\n|||{{ summary }}"))
                .when().post("/api/v1/templates").then().statusCode(400)
                .body("error", equalTo("template-syntax"))
                .body("message", containsString("line 2"))
                .body("details.problems[0].line", equalTo(2))
                .body("details.problems[0].column", not(equalTo(null)));
        given().when().get("/api/v1/templates/broken-syntax").then().statusCode(404);
    }

    @Test
    void refusesATemplateNamingAFieldTheTaskDoesNotHave() {
        given().contentType(ContentType.JSON).body(Map.of("id", "unknown-field", "task", "dialogue_summarization",
                        "jinja", "Summarize the chat with {{ customer_name }}:\n{{ dialogue }}\n|||{{ summary }}"))
                .when().post("/api/v1/templates").then().statusCode(400)
                .body("error", equalTo("unknown-field"))
                .body("details.problems[0].field", equalTo("customer_name"))
                .body("details.problems[0].line", equalTo(1))
                .body("details.problems[0].column", equalTo(28));
        given().contentType(ContentType.JSON).body(Map.of("task", "dialogue_summarization",
                        "jinja", "Summarize: {{ dialogue }} {{ summary }}"))
                .when().post("/api/v1/templates").then().statusCode(400)
                .body("error", equalTo("missing-separator"));
        given().contentType(ContentType.JSON).body(Map.of("task", "no_such_task", "jinja", "{{ x }} ||| {{ y }}"))
                .when().post("/api/v1/templates").then().statusCode(404)
                .body("error", equalTo("unknown-task"));
    }

    @Test
    void refusesRequestsWithoutABody() {
        given().contentType(ContentType.JSON).when().post("/api/v1/templates").then().statusCode(400)
                .body("error", equalTo("missing-body"));
        given().contentType("application/x-yaml").when().post("/api/v1/templates/import").then().statusCode(400)
                .body("error", equalTo("missing-body"));
    }

    @Test
    void previewsAStoredTemplateOnTheTaskSample() {
        given().contentType(ContentType.JSON).body(Map.of("templateId", "dsum-what-is-a-summary"))
                .when().post("/api/v1/templates/preview").then().statusCode(200)
                .body("prompt", startsWith("Dialogue:\n#Person1#: Hi, my router stopped working"))
                .body("prompt", endsWith("What is a summary of this dialogue?"))
                .body("completion", containsString("technician"))
                .body("truncated", equalTo(false));
    }

    @Test
    void previewsAnUnsavedTemplateOnAGivenRowWithLengthControl() {
        String dialogue = "#Person1#: My parcel is late. ".repeat(30).strip();
        given().contentType(ContentType.JSON).body(Map.of(
                        "template", Map.of("task", "dialogue_summarization",
                                "jinja", "Summarize the following conversation.\n\n{{ dialogue }}\n|||\n{{ summary }}"),
                        "row", Map.of("id", "row-1", "input", dialogue, "output", "A parcel is late."),
                        "maxInputTokens", 64))
                .when().post("/api/v1/templates/preview").then().statusCode(200)
                .body("exampleId", equalTo("row-1"))
                .body("prompt", startsWith("Summarize the following conversation.\n\n#Person1#: My parcel"))
                .body("truncated", equalTo(true))
                .body("promptTokens", lessThanOrEqualTo(64))
                .body("completion", equalTo("A parcel is late."));
        given().contentType(ContentType.JSON).body(Map.of(
                        "template", Map.of("task", "dialogue_summarization", "jinja", "{{ nope }} ||| {{ summary }}")))
                .when().post("/api/v1/templates/preview").then().statusCode(400)
                .body("error", equalTo("unknown-field"));
        given().contentType(ContentType.JSON).body(Map.of("templateId", "dsum-what-is-a-summary",
                        "row", Map.of("input", "#Person1#: hi")))
                .when().post("/api/v1/templates/preview").then().statusCode(400)
                .body("error", equalTo("row-does-not-fit"));
    }

    @Test
    void shippedTemplatesCannotBeDeleted() {
        given().when().delete("/api/v1/templates/dsum-summarize-following").then().statusCode(409)
                .body("error", equalTo("shipped-template"));
    }

    @Test
    void deletesCustomTemplates() {
        given().contentType(ContentType.JSON).body(Map.of("id", "short-lived", "task", "sentiment",
                        "jinja", "{{ text }} Mood? ||| {{ sentiment }}"))
                .when().post("/api/v1/templates").then().statusCode(201);
        given().when().delete("/api/v1/templates/short-lived").then().statusCode(204);
        given().when().get("/api/v1/templates?task=sentiment").then().statusCode(200)
                .body("id", not(hasItem("short-lived")));
    }

    @Test
    void declaresCustomTasksWithTheirSchema() {
        given().contentType(ContentType.JSON).body(Map.of("name", "ticket_priority",
                        "fields", List.of(Map.of("name", "ticket", "source", "input"),
                                Map.of("name", "priority", "source", "output")),
                        "dataField", "ticket"))
                .when().post("/api/v1/tasks").then().statusCode(201)
                .body("origin", equalTo("custom"))
                .body("fields", hasSize(2))
                .body("fields[0].type", equalTo("text"));
        given().when().get("/api/v1/tasks/ticket_priority").then().statusCode(200).body("dataField",
                equalTo("ticket"));
        given().contentType(ContentType.JSON).body(Map.of("name", "bad_task",
                        "fields", List.of(Map.of("name", "x")), "dataField", "missing"))
                .when().post("/api/v1/tasks").then().statusCode(400).body("error", equalTo("invalid-task"));
    }
}

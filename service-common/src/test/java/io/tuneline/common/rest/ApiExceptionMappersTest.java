package io.tuneline.common.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ApiExceptionMappersTest {

    @Test
    void validationViolationsAreA400WithEveryField() {
        given().contentType(ContentType.JSON).body("{\"name\":\"\",\"quantity\":0}")
                .post("/probe-errors/orders").then()
                .statusCode(400)
                .body("error", equalTo("validation-failed"))
                .body("details.violations", hasSize(2));
    }

    @Test
    void aBodyThatIsNotJsonIsA400() {
        given().contentType(ContentType.JSON).body("{\"name\": oops")
                .post("/probe-errors/orders").then()
                .statusCode(400)
                .body("error", equalTo("invalid-json"));
    }

    @Test
    void apiExceptionsKeepTheirStatusCodeAndDetails() {
        given().get("/probe-errors/datasets/chats").then()
                .statusCode(404)
                .body("error", equalTo("dataset-not-found"))
                .body("message", equalTo("no dataset 'chats'"));
        given().post("/probe-errors/datasets/chats").then()
                .statusCode(409)
                .body("error", equalTo("dataset-exists"))
                .body("details.datasetId", equalTo("chats"));
        given().post("/probe-errors/uploads").then()
                .statusCode(413)
                .body("error", equalTo("upload-too-large"))
                .body("details.limitBytes", equalTo(1024));
    }

    @Test
    void aRefusedArgumentIsA400() {
        given().get("/probe-errors/ids/..hidden").then()
                .statusCode(400)
                .body("error", equalTo("invalid-argument"))
                .body("message", containsString("not a safe id"));
    }

    @Test
    void jaxRsErrorsKeepTheirStatus() {
        given().delete("/probe-errors/bug").then()
                .statusCode(405)
                .body("error", equalTo("method-not-allowed"));
    }

    @Test
    void anUnexpectedFailureIsA500WithoutInternals() {
        given().get("/probe-errors/bug").then()
                .statusCode(500)
                .body("error", equalTo("internal-error"))
                .body("details.incident", notNullValue())
                .body(not(containsString("secret internal detail")))
                .body(not(containsString("IllegalStateException")));
    }
}

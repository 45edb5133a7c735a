package io.tuneline.trainer.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.greaterThan;

/** The skeleton answers, and its wiring through real Kafka and S3 works. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(S3TestResource.class)
class StatusResourceTest {

    private static final String SERVICE = "trainer-service";

    @Test
    void tellsWhoItIs() {
        given().get("/api/v1/status").then()
                .statusCode(200)
                .body("service", equalTo(SERVICE))
                .body("version", not(emptyString()))
                .body("planned.size()", greaterThan(0));
    }

    @Test
    void isWiredToKafkaAndS3AndReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/wiring").then()
                .statusCode(200)
                .body("service", equalTo(SERVICE))
                .body("kafka.ok", equalTo(true))
                .body("s3.ok", equalTo(true)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesOpenApiAndMetrics() {
        given().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/status"))
                .body(containsString("/wiring"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
    }

    @Test
    void answersAnUnknownResourceWithAnApiError() {
        given().get("/api/v1/status/unknown").then()
                .statusCode(404)
                .body("error", equalTo("not-found"));
    }
}

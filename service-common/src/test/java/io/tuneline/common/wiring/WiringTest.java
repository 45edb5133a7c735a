package io.tuneline.common.wiring;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class WiringTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void startupCheckReachesKafkaAndS3() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/wiring").then()
                .statusCode(200)
                .body("service", equalTo("common-probe"))
                .body("checkedAt", notNullValue())
                .body("kafka.ok", equalTo(true))
                .body("kafka.latencyMs", greaterThanOrEqualTo(0))
                .body("s3.ok", equalTo(true)));
    }

    @Test
    void checkOnDemandRunsBothRoundTrips() {
        given().post("/wiring/check").then()
                .statusCode(200)
                .body("kafka.ok", equalTo(true))
                .body("kafka.error", equalTo(null))
                .body("s3.ok", equalTo(true));
    }

    @Test
    void readinessIncludesWiringAndS3() {
        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("wiring"))
                .body("checks.name", hasItem("s3")));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesOpenApiAndMetrics() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/wiring/check"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}

package io.tuneline.common.testing;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/**
 * What every service must do, checked against real Kafka and S3: a service's test extends this with
 * {@code @QuarkusTest} and the {@code KafkaTestResource} / {@code S3TestResource} of test-support.
 */
public abstract class ServiceSmokeTest {

    private static String serviceName() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    }

    @Test
    void tellsWhoItIs() {
        given().get("/api/v1/status").then()
                .statusCode(200)
                .body("service", equalTo(serviceName()))
                .body("version", not(emptyString()))
                .body("role", not(emptyString()));
    }

    @Test
    void isWiredToKafkaAndS3AndReady() {
        // Ask for a fresh round trip: a service may skip the check at startup (tuneline.wiring.check-on-startup).
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().post("/wiring/check").then()
                .statusCode(200));
        given().get("/wiring").then()
                .statusCode(200)
                .body("service", equalTo(serviceName()))
                .body("kafka.ok", equalTo(true))
                .body("s3.ok", equalTo(true));
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
        given().get("/api/v1/no-such-resource").then()
                .statusCode(404)
                .body("error", equalTo("not-found"));
    }
}

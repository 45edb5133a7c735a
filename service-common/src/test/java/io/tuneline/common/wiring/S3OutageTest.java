package io.tuneline.common.wiring;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.testsupport.quarkus.S3TestResource;
import io.tuneline.embedded.s3.EmbeddedS3;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/** S3 goes away while the service runs: readiness reports it, and recovers by itself when S3 is back. */
@QuarkusTest
class S3OutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void readinessFollowsS3DownAndBackUp() {
        EmbeddedS3 s3 = S3TestResource.server();
        s3.stop();
        try {
            given().get("/q/health/ready").then()
                    .statusCode(503)
                    .body("status", equalTo("DOWN"))
                    .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("s3"));
            given().post("/wiring/check").then()
                    .statusCode(503)
                    .body("s3.ok", equalTo(false))
                    .body("s3.error", notNullValue())
                    .body("kafka.ok", equalTo(true));
        } finally {
            s3.start();
        }

        await().atMost(PATIENCE).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
        given().get("/wiring").then().body("s3.ok", equalTo(true));
    }
}

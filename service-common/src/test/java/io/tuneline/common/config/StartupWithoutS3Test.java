package io.tuneline.common.config;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** S3 is down when the service starts: it starts anyway, is not ready, and becomes ready once S3 is up. */
@QuarkusTest
@TestProfile(StartupWithoutS3Test.S3NotRunningYet.class)
class StartupWithoutS3Test {

    public static class S3NotRunningYet implements QuarkusTestProfile {

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(KafkaTestResource.class),
                    new TestResourceEntry(UnstartedS3TestResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void startsWithoutS3AndBecomesReadyWhenS3Appears() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then()
                .statusCode(503)
                .body("checks.findAll { it.status == 'DOWN' }.name", hasItem("s3"));

        UnstartedS3TestResource.server().start();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP")));
        given().get("/wiring").then().body("s3.ok", equalTo(true)).body("kafka.ok", equalTo(true));
    }
}

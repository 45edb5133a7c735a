package io.tuneline.trainer.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.common.testing.ServiceSmokeTest;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;

/** The shared service checks (status, wiring, health, OpenAPI, metrics, ApiError) for trainer-service. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(S3TestResource.class)
class StatusResourceTest extends ServiceSmokeTest {
}

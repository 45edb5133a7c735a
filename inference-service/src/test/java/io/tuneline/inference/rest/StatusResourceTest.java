package io.tuneline.inference.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.common.testing.ServiceSmokeTest;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.inference.testing.PromotedTinyModel;

/** The shared service checks (status, wiring, health, OpenAPI, metrics, ApiError) for inference-service. */
@QuarkusTest
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PromotedTinyModel.class)
class StatusResourceTest extends ServiceSmokeTest {
}

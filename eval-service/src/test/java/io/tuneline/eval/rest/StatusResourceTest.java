package io.tuneline.eval.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.common.testing.ServiceSmokeTest;

/**
 * The shared service checks (status, wiring, health, OpenAPI, metrics, ApiError) for eval-service, on the real
 * Kafka and S3 of this module's InfrastructureResources.
 */
@QuarkusTest
class StatusResourceTest extends ServiceSmokeTest {
}

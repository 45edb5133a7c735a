package io.tuneline.eval.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;

/** The real Kafka broker and S3 server all @QuarkusTest classes of this module share (one app start). */
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.TOPICS, value = "tuneline.training-results,tuneline.evaluations,"
                + "tuneline.model-decisions,tuneline.dead-letter,tuneline.ping")})
@QuarkusTestResource(S3TestResource.class)
public final class InfrastructureResources {

    private InfrastructureResources() {
    }
}

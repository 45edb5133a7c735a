package io.tuneline.trainer.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;

/** The real Kafka broker and S3 server all @QuarkusTest classes of this module share. */
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.TOPICS, value = "tuneline.prompts-rendered,tuneline.training-progress,"
                + "tuneline.training-results,tuneline.dead-letter,tuneline.ping,tuneline.unrouted")})
@QuarkusTestResource(S3TestResource.class)
public final class InfrastructureResources {

    private InfrastructureResources() {
    }
}

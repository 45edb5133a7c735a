package io.tuneline.template.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;

/** The real Kafka broker and S3 server all tests of this module share: one app start for every test class. */
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.TOPICS, value = "tuneline.dataset-versions,tuneline.prompts-rendered,"
                + "tuneline.dead-letter,tuneline.ping"),
        @ResourceArg(name = KafkaTestResource.PARTITIONS, value = "2")})
@QuarkusTestResource(S3TestResource.class)
public final class InfrastructureResources {

    private InfrastructureResources() {
    }
}

package io.tuneline.common.testing;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import io.tuneline.testsupport.quarkus.S3TestResource;

/**
 * The real Kafka broker (3 partitions per topic, so "same partition" is something the key decides) and S3 server
 * that every test of this module shares: one app start for all test classes.
 */
@QuarkusTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.TOPICS,
                value = "tuneline.support-chats,tuneline.dead-letter,tuneline.ping"),
        @ResourceArg(name = KafkaTestResource.PARTITIONS, value = "3")})
@QuarkusTestResource(S3TestResource.class)
public final class InfrastructureResources {

    private InfrastructureResources() {
    }
}

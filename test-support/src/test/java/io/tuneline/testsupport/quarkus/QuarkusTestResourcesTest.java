package io.tuneline.testsupport.quarkus;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector;
import io.tuneline.embedded.kafka.EmbeddedKafka;
import io.tuneline.embedded.s3.EmbeddedS3;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Drives the resources through the calls Quarkus makes: init, start, inject, stop. */
class QuarkusTestResourcesTest {

    @Test
    void kafkaResourceStartsABrokerWithTheTopicsAndExposesIt() throws Exception {
        KafkaTestResource resource = new KafkaTestResource();
        resource.init(Map.of(KafkaTestResource.TOPICS, "alpha, beta", KafkaTestResource.PARTITIONS, "2"));

        Map<String, String> config = resource.start();
        EmbeddedKafka broker = KafkaTestResource.broker();
        try {
            assertThat(config).containsExactly(Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()));
            try (Admin admin = broker.admin()) {
                var topics = admin.describeTopics(List.of("alpha", "beta")).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.get("beta").partitions()).hasSize(2);
            }
            KafkaTestUser test = new KafkaTestUser();
            resource.inject(injectorFor(test));
            assertThat(test.kafka).isSameAs(broker);
            assertThat(test.notAnnotated).isNull();
        } finally {
            resource.stop();
        }

        assertThat(broker.isRunning()).isFalse();
        assertThatThrownBy(KafkaTestResource::broker).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void s3ResourceStartsAServerWithTheBucketsAndKeys() throws Exception {
        S3TestResource resource = new S3TestResource();
        resource.init(Map.of(S3TestResource.BUCKETS, "datasets,models", S3TestResource.ACCESS_KEY, "svc",
                S3TestResource.SECRET_KEY, "svc-secret"));

        Map<String, String> config = resource.start();
        EmbeddedS3 server = S3TestResource.server();
        try {
            assertThat(config).containsOnly(
                    Map.entry("tuneline.s3.endpoint", server.endpoint()),
                    Map.entry("tuneline.s3.access-key", "svc"),
                    Map.entry("tuneline.s3.secret-key", "svc-secret"));
            MinioClient client = MinioClient.builder().endpoint(config.get("tuneline.s3.endpoint"))
                    .credentials("svc", "svc-secret").build();
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("models").build())).isTrue();
            S3TestUser test = new S3TestUser();
            resource.inject(injectorFor(test));
            assertThat(test.s3).isSameAs(server);
        } finally {
            resource.stop();
        }

        assertThat(server.isRunning()).isFalse();
        assertThatThrownBy(S3TestResource::server).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void malformedInitArgIsReported() {
        KafkaTestResource resource = new KafkaTestResource();

        assertThatThrownBy(() -> resource.init(Map.of(KafkaTestResource.PARTITIONS, "many")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions");
    }

    /** Does what Quarkus's injector does with a test instance. */
    private static TestInjector injectorFor(Object testInstance) {
        return (value, predicate) -> {
            for (Field field : testInstance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(testInstance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }

    static class KafkaTestUser {
        @InjectEmbeddedKafka
        EmbeddedKafka kafka;
        EmbeddedKafka notAnnotated;
    }

    static class S3TestUser {
        @InjectEmbeddedS3
        EmbeddedS3 s3;
    }
}

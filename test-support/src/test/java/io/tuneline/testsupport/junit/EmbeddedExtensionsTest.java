package io.tuneline.testsupport.junit;

import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import io.tuneline.embedded.kafka.EmbeddedKafka;
import io.tuneline.embedded.s3.EmbeddedS3;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** Runs a test class that registers both extensions, then checks what the servers did around it. */
class EmbeddedExtensionsTest {

    @Test
    void serversRunExactlyWhileTheRegisteringClassRuns() {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();

        LauncherFactory.create().execute(request().selectors(selectClass(ExtensionUser.class)).build(), listener);

        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getFailures()).isEmpty();
        assertThat(summary.getTestsSucceededCount()).isEqualTo(3);
        assertThat(ExtensionUser.Inner.seenBroker).isSameAs(ExtensionUser.seenBroker);
        assertThat(ExtensionUser.Inner.seenServer).isSameAs(ExtensionUser.seenServer);
        assertThat(ExtensionUser.seenBroker.isRunning()).isFalse();
        assertThat(ExtensionUser.seenBroker.dataDir()).doesNotExist();
        assertThat(ExtensionUser.seenServer.isRunning()).isFalse();
        assertThat(ExtensionUser.seenServer.dataDir()).doesNotExist();
    }

    /** Not run by surefire on its own (nested classes are excluded); run by the test above. */
    static class ExtensionUser {

        @RegisterExtension
        static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.withTopics("events").partitions(2);
        @RegisterExtension
        static EmbeddedS3Extension s3 = EmbeddedS3Extension.withBuckets("artifacts");

        static EmbeddedKafka seenBroker;
        static EmbeddedS3 seenServer;

        @Test
        void brokerRunsWithTheTopics() throws Exception {
            seenBroker = kafka.broker();
            try (Admin admin = kafka.broker().admin()) {
                var topics = admin.describeTopics(java.util.List.of("events")).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.get("events").partitions()).hasSize(2);
            }
            assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        }

        @Test
        void s3RunsWithTheBuckets() throws Exception {
            seenServer = s3.server();
            MinioClient client = MinioClient.builder().endpoint(s3.endpoint()).credentials(s3.accessKey(), s3.secretKey()).build();
            assertThat(client.bucketExists(BucketExistsArgs.builder().bucket("artifacts").build())).isTrue();
        }

        @Nested
        class Inner {
            static EmbeddedKafka seenBroker;
            static EmbeddedS3 seenServer;

            @Test
            void nestedClassesShareTheServers() {
                seenBroker = kafka.broker();
                seenServer = s3.server();
                assertThat(seenBroker.isRunning()).isTrue();
                assertThat(seenServer.isRunning()).isTrue();
            }
        }
    }
}

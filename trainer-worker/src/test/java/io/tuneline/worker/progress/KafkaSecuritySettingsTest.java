package io.tuneline.worker.progress;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The training Job's producer takes the same TLS/SASL variables as the services (chart: security values). */
class KafkaSecuritySettingsTest {

    @Test
    void securitySaslAndSslVariablesBecomeProducerSettingsAndNothingElseDoes() {
        Map<String, String> settings = KafkaProgressSink.securitySettings(Map.of(
                "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "KAFKA_SSL_TRUSTSTORE_TYPE", "PEM",
                "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/tuneline/kafka-ca/ca.crt",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:9093",
                "TUNELINE_S3_SECRET_KEY", "s3-secret"));

        assertThat(settings).containsOnly(
                Map.entry("security.protocol", "SASL_SSL"),
                Map.entry("sasl.mechanism", "SCRAM-SHA-512"),
                Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;"),
                Map.entry("ssl.truststore.type", "PEM"),
                Map.entry("ssl.truststore.location", "/etc/tuneline/kafka-ca/ca.crt"));
    }
}

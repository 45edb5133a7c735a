package io.tuneline.embedded.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedKafkaTest {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = new EmbeddedKafka().start();
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
        assertThat(kafka.dataDir()).doesNotExist();
    }

    @Test
    void producedRecordIsConsumed() throws Exception {
        kafka.createTopics("greetings");

        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("greetings", "k1", "hello")).get(30, TimeUnit.SECONDS);
        }

        assertThat(consumeAll("greetings", 1)).containsExactly("hello");
    }

    @Test
    void acknowledgedRecordSurvivesBrokerRestart() throws Exception {
        kafka.createTopics("durable");
        int portBefore = kafka.port();
        RecordMetadata acknowledged;
        try (KafkaProducer<String, String> producer = producer()) {
            acknowledged = producer.send(new ProducerRecord<>("durable", "k", "before-restart")).get(30, TimeUnit.SECONDS);
        }

        kafka.restart();

        assertThat(kafka.port()).isEqualTo(portBefore);
        assertThat(acknowledged.offset()).isZero();
        assertThat(consumeAll("durable", 1)).containsExactly("before-restart");
    }

    @Test
    void clientsOpenedBeforeARestartKeepWorkingAfterIt() throws Exception {
        kafka.createTopics("reconnect");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>("reconnect", "k", "first")).get(30, TimeUnit.SECONDS);

            kafka.restart();

            producer.send(new ProducerRecord<>("reconnect", "k", "second")).get(60, TimeUnit.SECONDS);
        }

        assertThat(consumeAll("reconnect", 2)).containsExactly("first", "second");
    }

    @Test
    void createTopicsIsIdempotentAndHonoursPartitions() throws Exception {
        kafka.createTopics(3, "partitioned");
        kafka.createTopics(3, "partitioned");

        try (Admin admin = kafka.admin()) {
            var description = admin.describeTopics(List.of("partitioned")).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(description.get("partitioned").partitions()).hasSize(3);
        }
    }

    @Test
    void givenLogDirIsKeptAfterClose() throws Exception {
        var dir = Files.createTempDirectory("kafka-given-");
        try (EmbeddedKafka broker = EmbeddedKafka.builder().logDir(dir).build().start()) {
            assertThat(broker.isRunning()).isTrue();
        }
        assertThat(dir.resolve("meta.properties")).exists();
        io.tuneline.embedded.TempDirectories.deleteRecursively(dir);
    }

    private static KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static List<String> consumeAll(String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}

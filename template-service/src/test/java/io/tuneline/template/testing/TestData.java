package io.tuneline.template.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.storage.ObjectStore;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/** Synthetic support chats, S3 and Kafka helpers for the end-to-end tests. */
public final class TestData {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Configured as Quarkus configures the service's mapper (java.time as ISO text, unknown fields ignored). */
    public static final ObjectMapper SERVICE_JSON = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final String[] PROBLEMS = {"router does not turn on", "invoice shows a double charge",
            "parcel never arrived", "password reset mail is missing", "app crashes on start"};
    private static final String[] TOPICS = {"router repair", "billing", "delivery", "account access", "app bug"};

    private TestData() {
    }

    /** A canonical example line: a short support chat, its summary and topic. */
    public static Map<String, Object> chat(String id, int variant, int extraTurns) {
        String problem = PROBLEMS[variant % PROBLEMS.length];
        StringBuilder dialogue = new StringBuilder("#Person1#: Hello, my " + problem + ".\n#Person2#: I am sorry. "
                + "Let me check that for you.");
        for (int turn = 0; turn < extraTurns; turn++) {
            dialogue.append("\n#Person1#: Also, turn ").append(turn).append(": it still fails after a restart.")
                    .append("\n#Person2#: Noted, I add it to the ticket.");
        }
        dialogue.append("\n#Person1#: Thanks.");
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("id", id);
        line.put("input", dialogue.toString());
        line.put("output", "#Person1# reports that the " + problem + "; #Person2# looks into it.");
        line.put("topic", TOPICS[variant % TOPICS.length]);
        line.put("source", "test");
        return line;
    }

    public static void putLines(ObjectStore store, ObjectRef ref, List<Map<String, Object>> lines) {
        store.put(ref.bucket(), ref.key(), jsonLines(lines).getBytes(StandardCharsets.UTF_8));
    }

    /** The lines as a JSONL text, one object a line. */
    public static String jsonLines(List<Map<String, Object>> lines) {
        StringBuilder text = new StringBuilder();
        try {
            for (Map<String, Object> line : lines) {
                text.append(JSON.writeValueAsString(line)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public static List<JsonNode> readLines(ObjectStore store, ObjectRef ref) {
        String text = new String(store.getBytes(ref.bucket(), ref.key()), StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                try {
                    lines.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return lines;
    }

    public static JsonNode readJson(ObjectStore store, ObjectRef ref) {
        try {
            return JSON.readTree(store.getBytes(ref.bucket(), ref.key()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Publishes like another service would: {@code acks=all}, keyed by the payload's key. */
    public static void publish(EventPayload payload) {
        Event<EventPayload> event = Event.of("test", payload);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(),
                    EventCodec.encodeBytes(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish", e.getCause());
        }
    }

    /** Every event of {@code type} on its topic so far. */
    public static <P extends EventPayload> List<P> events(String topic, Class<P> type) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<P> events = new ArrayList<>();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    Event<? extends EventPayload> event = EventCodec.decode(record.value());
                    if (type.isInstance(event.payload())) {
                        events.add(type.cast(event.payload()));
                    }
                });
            }
            return events;
        }
    }
}

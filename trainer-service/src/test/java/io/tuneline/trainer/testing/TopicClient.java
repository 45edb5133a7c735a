package io.tuneline.trainer.testing;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** An outside producer and reader of the test broker's topics. */
public final class TopicClient {

    private TopicClient() {
    }

    /** Publishes an event as another service would (same envelope bytes for a redelivery test). */
    public static void publish(Event<?> event) {
        Map<String, Object> settings = Map.of("bootstrap.servers", KafkaTestResource.broker().bootstrapServers(),
                "acks", "all");
        try (var producer = new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(event.topic().topicName(), event.key(), EventCodec.encodeBytes(event)))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish " + event.type(), e);
        }
    }

    /** The payloads of type {@code type} on {@code topic} so far that match {@code filter}. */
    public static <P extends EventPayload> List<P> payloads(String topic, Class<P> type, Predicate<P> filter) {
        Map<String, Object> settings = Map.of("bootstrap.servers", KafkaTestResource.broker().bootstrapServers(),
                "enable.auto.commit", false);
        List<P> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    EventPayload payload = EventCodec.decode(record.value()).payload();
                    if (type.isInstance(payload) && filter.test(type.cast(payload))) {
                        found.add(type.cast(payload));
                    }
                }
            }
        }
        return found;
    }
}

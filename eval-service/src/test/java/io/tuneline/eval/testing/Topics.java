package io.tuneline.eval.testing;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.Topic;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** Reads a whole topic from the test broker, as an outside consumer (e.g. inference-service) would see it. */
public final class Topics {

    private Topics() {
    }

    /** The payloads of every event of {@code type} on {@code topic} so far, in partition order. */
    public static <P extends EventPayload> List<P> payloads(Topic topic, Class<P> type) {
        Properties settings = new Properties();
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers());
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<P> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(settings, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = reader.partitionsFor(topic.topicName()).stream()
                    .map(info -> new TopicPartition(topic.topicName(), info.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            while (!atEnd(reader, end)) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(250))) {
                    Event<? extends EventPayload> event = EventCodec.decode(record.value());
                    if (type.isInstance(event.payload())) {
                        found.add(type.cast(event.payload()));
                    }
                }
            }
        }
        return found;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> reader, Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(entry -> reader.position(entry.getKey()) >= entry.getValue());
    }
}

package io.tuneline.cli.stack;

import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.MalformedEventException;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Watches {@code tuneline.prompts-rendered} and {@code tuneline.dead-letter} for events about one dataset. It reads
 * both topics from the beginning without a consumer group: the demo's dataset id is new on every run, so earlier
 * runs' events are simply filtered out, and nothing can be missed between a request and the start of a wait.
 */
final class PipelineEvents implements AutoCloseable {

    private static final List<String> TOPICS = List.of(Topic.PROMPTS_RENDERED.topicName(), Topic.DEAD_LETTER.topicName());

    private final KafkaConsumer<String, byte[]> consumer;
    private final String datasetId;
    private final Predicate<DeadLetter> aboutDemo;
    private final Map<String, PromptsRendered> renderedByVersion = new HashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    PipelineEvents(String bootstrapServers, String datasetId, Predicate<DeadLetter> aboutDemo) {
        this.datasetId = datasetId;
        this.aboutDemo = aboutDemo;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever arrived within {@code wait}. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            Event<? extends EventPayload> event;
            try {
                event = EventCodec.decode(record.value());
            } catch (MalformedEventException e) {
                continue; // someone else's broken record: not this demo's business
            }
            if (event.payload() instanceof PromptsRendered rendered && datasetId.equals(rendered.datasetId())
                    && rendered.mixture() == null) {
                renderedByVersion.put(rendered.versionId(), rendered);
            } else if (event.payload() instanceof DeadLetter deadLetter && aboutDemo.test(deadLetter)) {
                deadLetters.add(deadLetter);
            }
        }
    }

    Optional<PromptsRendered> rendered(String versionId) {
        return Optional.ofNullable(renderedByVersion.get(versionId));
    }

    List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package io.tuneline.inference.testing;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.Topic;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Publishes decisions on {@code tuneline.model-decisions} of the embedded broker, as eval-service does. */
public final class ModelDecisions {

    private ModelDecisions() {
    }

    public static void send(EventPayload payload) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.broker().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topic.MODEL_DECISIONS.topicName(), payload.key(),
                    EventCodec.encodeBytes(Event.of("eval-service", payload)))).get();
        }
    }
}

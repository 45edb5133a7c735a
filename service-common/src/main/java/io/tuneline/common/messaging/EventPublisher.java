package io.tuneline.common.messaging;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tuneline.common.config.MessagingConfig;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The one way a service publishes an event: to the topic of its type, keyed by {@link Event#key()} (so all events
 * about one entity share a partition and stay in order), through an idempotent {@code acks=all} producer.
 * A publish completes only once the broker has acknowledged the record, so "published" means durable.
 */
@ApplicationScoped
public class EventPublisher {

    /** The outgoing channel every event leaves through; the topic is chosen per record. */
    public static final String CHANNEL = "tuneline-events";

    private final MutinyEmitter<byte[]> emitter;
    private final String service;
    private final MessagingConfig config;

    EventPublisher(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter,
                   @ConfigProperty(name = "quarkus.application.name") String service,
                   MessagingConfig config) {
        this.emitter = emitter;
        this.service = service;
        this.config = config;
    }

    /** Wraps the payload in an envelope from this service and publishes it; blocks until the broker acked it. */
    public <P extends EventPayload> Event<P> publish(P payload) {
        Event<P> event = Event.of(service, payload);
        publish(event);
        return event;
    }

    /** Publishes and blocks until the broker acked the record; not for event-loop threads (use {@link #send}). */
    public void publish(Event<?> event) {
        send(event).await().atMost(config.publishTimeout());
    }

    /** Publishes without blocking; the Uni completes when the broker acked the record, or fails. */
    public Uni<Void> send(Event<?> event) {
        OutgoingKafkaRecordMetadata<String> routing = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic().topicName())
                .withKey(event.key())
                .build();
        return emitter.sendMessage(Message.of(EventCodec.encodeBytes(event)).addMetadata(routing));
    }

    /** The name this service signs its events with ({@code quarkus.application.name}). */
    public String service() {
        return service;
    }
}

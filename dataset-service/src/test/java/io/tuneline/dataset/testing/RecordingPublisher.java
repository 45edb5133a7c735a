package io.tuneline.dataset.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tuneline.common.config.MessagingConfig;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * service-common's real {@link EventPublisher} over an emitter that records instead of sending, for tests where the
 * broker is not the point: what was published is read back as the bytes, topic and key Kafka would have got.
 */
public final class RecordingPublisher implements MutinyEmitter<byte[]> {

    /** One record as it would have reached Kafka. */
    public record Sent(String topic, String key, Event<? extends EventPayload> event) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher;

    public RecordingPublisher(String service) {
        this.publisher = newPublisher(this, service);
    }

    public EventPublisher publisher() {
        return publisher;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
        OutgoingKafkaRecordMetadata<String> routing = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                .orElseThrow(() -> new AssertionError("a record without topic and key"));
        sent.add(new Sent(routing.getTopic(), routing.getKey(), EventCodec.decode(message.getPayload())));
        return Uni.createFrom().voidItem();
    }

    private static EventPublisher newPublisher(MutinyEmitter<byte[]> emitter, String service) {
        MessagingConfig config = () -> Duration.ofSeconds(5);
        try {
            // The publisher is built by CDI; its constructor is package-private so services cannot bypass the bean.
            Constructor<EventPublisher> constructor = EventPublisher.class.getDeclaredConstructor(
                    MutinyEmitter.class, String.class, MessagingConfig.class);
            constructor.setAccessible(true);
            return constructor.newInstance(emitter, service, config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("EventPublisher's constructor changed: update RecordingPublisher", e);
        }
    }

    @Override
    public Uni<Void> send(byte[] payload) {
        throw unused();
    }

    @Override
    public void sendAndAwait(byte[] payload) {
        throw unused();
    }

    @Override
    public Cancellable sendAndForget(byte[] payload) {
        throw unused();
    }

    @Override
    public <M extends Message<? extends byte[]>> void send(M message) {
        throw unused();
    }

    @Override
    public <M extends Message<? extends byte[]>> void sendMessageAndAwait(M message) {
        throw unused();
    }

    @Override
    public <M extends Message<? extends byte[]>> Cancellable sendMessageAndForget(M message) {
        throw unused();
    }

    @Override
    public void complete() {
        throw unused();
    }

    @Override
    public void error(Exception e) {
        throw unused();
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public boolean hasRequests() {
        return true;
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("EventPublisher sends through sendMessage only");
    }
}

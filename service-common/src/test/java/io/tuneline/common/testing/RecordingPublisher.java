package io.tuneline.common.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.tuneline.common.config.MessagingConfig;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.common.security.AuditTrail;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * service-common's real {@link EventPublisher} (envelope, wire encoding, topic and key) over an emitter that records
 * what it would send instead of sending it, for the services' unit tests where the broker is not the point; the
 * end-to-end tests use the embedded broker. It can refuse chosen publishes, as a broker that does not acknowledge
 * would, to test that nothing is lost when publishing fails.
 */
public final class RecordingPublisher {

    /** One record as it would have reached Kafka, decoded from its bytes. */
    public record Sent(String topic, String key, Event<? extends EventPayload> event) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher;
    private volatile Predicate<EventPayload> refuse = payload -> false;

    public RecordingPublisher() {
        this("test-service");
    }

    /** @param service the name the envelope carries as its source */
    public RecordingPublisher(String service) {
        this.publisher = construct(EventPublisher.class,
                new Class<?>[] {MutinyEmitter.class, String.class, MessagingConfig.class},
                new RecordingEmitter(), service, (MessagingConfig) () -> Duration.ofSeconds(5));
    }

    public EventPublisher publisher() {
        return publisher;
    }

    /** An audit trail over this publisher: its {@code AuditRecorded} events are recorded here too. */
    public AuditTrail auditTrail() {
        return construct(AuditTrail.class, new Class<?>[] {EventPublisher.class}, publisher);
    }

    /** From now on, publishing a payload that matches fails and is not recorded. */
    public void refuse(Predicate<EventPayload> which) {
        refuse = which;
    }

    public void acceptAll() {
        refuse = payload -> false;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Event<? extends EventPayload>> events() {
        return sent.stream().<Event<? extends EventPayload>>map(Sent::event).toList();
    }

    /** Every payload published so far, in order. */
    public List<EventPayload> all() {
        return sent.stream().<EventPayload>map(record -> record.event().payload()).toList();
    }

    /** The payloads of {@code type} published so far, in order. */
    public <P extends EventPayload> List<P> payloads(Class<P> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Both are built by CDI in the services; their constructors are package-private on purpose. */
    private static <T> T construct(Class<T> type, Class<?>[] parameters, Object... arguments) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName() + " for a unit test: "
                    + "its constructor changed, update RecordingPublisher", e);
        }
    }

    /** The publisher sends through {@code sendMessage} only; the other ways to send are not used. */
    private final class RecordingEmitter implements MutinyEmitter<byte[]> {

        @Override
        @SuppressWarnings("unchecked")
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            Event<? extends EventPayload> event = EventCodec.decode(message.getPayload());
            if (refuse.test(event.payload())) {
                return Uni.createFrom().failure(new IllegalStateException("the broker did not acknowledge "
                        + event.type()));
            }
            OutgoingKafkaRecordMetadata<String> routing = message.getMetadata(OutgoingKafkaRecordMetadata.class)
                    .orElseThrow(() -> new AssertionError("a record without topic and key"));
            sent.add(new Sent(routing.getTopic(), routing.getKey(), event));
            return Uni.createFrom().voidItem();
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

        private UnsupportedOperationException unused() {
            return new UnsupportedOperationException("EventPublisher sends through sendMessage only");
        }
    }
}

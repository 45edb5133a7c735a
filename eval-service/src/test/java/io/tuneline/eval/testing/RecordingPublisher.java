package io.tuneline.eval.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
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
 * service-common's real {@link EventPublisher} (envelope, wire encoding) over an emitter that records instead of
 * sending to Kafka, for unit tests of classes that publish. It can be told to refuse a publish, as a broker that
 * does not acknowledge would, to test that nothing is lost when publishing fails.
 */
public final class RecordingPublisher {

    public static final String SERVICE = "eval-service";

    private final List<Event<? extends EventPayload>> events = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher;
    private volatile Predicate<EventPayload> refuse = payload -> false;

    public RecordingPublisher() {
        publisher = construct(EventPublisher.class,
                new Class<?>[] {MutinyEmitter.class, String.class, MessagingConfig.class},
                new RecordingEmitter(), SERVICE, (MessagingConfig) () -> Duration.ofSeconds(5));
    }

    public EventPublisher publisher() {
        return publisher;
    }

    /** An audit trail whose {@code AuditRecorded} events are recorded here too. */
    public AuditTrail auditTrail() {
        return construct(AuditTrail.class, new Class<?>[] {EventPublisher.class}, publisher);
    }

    /** From now on, publishing a payload that matches fails (nothing is recorded for it). */
    public void refuse(Predicate<EventPayload> which) {
        refuse = which;
    }

    public void acceptAll() {
        refuse = payload -> false;
    }

    /** The payloads of {@code type} published so far, decoded from the bytes that would have gone to Kafka. */
    public <P extends EventPayload> List<P> payloads(Class<P> type) {
        return events.stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    public List<Event<? extends EventPayload>> events() {
        return List.copyOf(events);
    }

    /** Both are constructed by CDI in the services; their constructors are package-private on purpose. */
    private static <T> T construct(Class<T> type, Class<?>[] parameters, Object... arguments) {
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameters);
            constructor.setAccessible(true);
            return constructor.newInstance(arguments);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getName() + " for a unit test", e);
        }
    }

    private final class RecordingEmitter implements MutinyEmitter<byte[]> {

        @Override
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            Event<? extends EventPayload> event = EventCodec.decode(message.getPayload());
            if (refuse.test(event.payload())) {
                return Uni.createFrom().failure(new IllegalStateException("the broker did not acknowledge "
                        + event.type()));
            }
            events.add(event);
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Void> send(byte[] payload) {
            return sendMessage(Message.of(payload));
        }

        @Override
        public void sendAndAwait(byte[] payload) {
            send(payload).await().indefinitely();
        }

        @Override
        public Cancellable sendAndForget(byte[] payload) {
            return send(payload).subscribe().with(ignored -> { });
        }

        @Override
        public <M extends Message<? extends byte[]>> void send(M message) {
            sendMessage(message).await().indefinitely();
        }

        @Override
        public <M extends Message<? extends byte[]>> void sendMessageAndAwait(M message) {
            sendMessage(message).await().indefinitely();
        }

        @Override
        public <M extends Message<? extends byte[]>> Cancellable sendMessageAndForget(M message) {
            return sendMessage(message).subscribe().with(ignored -> { });
        }

        @Override
        public void complete() {
        }

        @Override
        public void error(Exception e) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean hasRequests() {
            return true;
        }
    }
}

package io.tuneline.trainer.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.tuneline.common.config.MessagingConfig;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Constructor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * service-common's real {@link EventPublisher} (envelope and wire encoding included) over an emitter that keeps what
 * would have gone to Kafka, for unit tests of the classes that publish.
 */
public final class RecordingPublisher {

    private final List<EventPayload> published = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher;

    public RecordingPublisher() {
        try {
            // CDI constructs it in the services; its constructor is package-private on purpose.
            Constructor<EventPublisher> constructor = EventPublisher.class.getDeclaredConstructor(MutinyEmitter.class,
                    String.class, MessagingConfig.class);
            constructor.setAccessible(true);
            MessagingConfig config = () -> Duration.ofSeconds(5);
            publisher = constructor.newInstance(new Emitter(), "trainer-service", config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct an EventPublisher for a unit test", e);
        }
    }

    public EventPublisher publisher() {
        return publisher;
    }

    /** Every payload of {@code type} published so far, decoded from the bytes that would have been sent. */
    public <P extends EventPayload> List<P> payloads(Class<P> type) {
        return published.stream().filter(type::isInstance).map(type::cast).toList();
    }

    public List<EventPayload> all() {
        return List.copyOf(published);
    }

    private final class Emitter implements MutinyEmitter<byte[]> {

        @Override
        public <M extends Message<? extends byte[]>> Uni<Void> sendMessage(M message) {
            published.add(EventCodec.decode(message.getPayload()).payload());
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

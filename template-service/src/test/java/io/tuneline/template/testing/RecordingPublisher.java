package io.tuneline.template.testing;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.tuneline.common.config.MessagingConfig;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import org.eclipse.microprofile.reactive.messaging.Message;

import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * service-common's real {@link EventPublisher} over an emitter that records what it would send instead of sending
 * it to Kafka: the envelope and the wire encoding are the real ones, decoded back for the test to look at. For unit
 * tests where the broker is not the point (the end-to-end tests use the embedded broker).
 */
public final class RecordingPublisher {

    private final List<Event<? extends EventPayload>> events = new CopyOnWriteArrayList<>();
    private final EventPublisher publisher;

    public RecordingPublisher() {
        this.publisher = newPublisher(recordingEmitter());
    }

    public EventPublisher publisher() {
        return publisher;
    }

    /** The payloads of {@code type} published so far, in order. */
    public <P extends EventPayload> List<P> published(Class<P> type) {
        return events.stream().map(Event::payload).filter(type::isInstance).map(type::cast).toList();
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<byte[]> recordingEmitter() {
        return (MutinyEmitter<byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MutinyEmitter.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendMessage" -> {
                        events.add(EventCodec.decode(((Message<byte[]>) args[0]).getPayload()));
                        yield Uni.createFrom().voidItem();
                    }
                    case "toString" -> "RecordingEmitter";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException("the recording emitter has no "
                            + method.getName());
                });
    }

    /** The publisher's constructor is for CDI only (package-private); a test reaches it the way CDI does. */
    private static EventPublisher newPublisher(MutinyEmitter<byte[]> emitter) {
        MessagingConfig config = () -> Duration.ofSeconds(5);
        try {
            Constructor<EventPublisher> constructor = EventPublisher.class.getDeclaredConstructor(
                    MutinyEmitter.class, String.class, MessagingConfig.class);
            constructor.setAccessible(true);
            return constructor.newInstance(emitter, "template-service-test", config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build an EventPublisher for the test", e);
        }
    }
}

package io.tuneline.common.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.SupportChatReceived;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A consumer written the way services write theirs; it records what it handled. A chat whose topic is
 * {@value #REJECTED_TOPIC} is rejected, one whose topic is {@value #FAILING_TOPIC} makes the handler fail.
 */
@ApplicationScoped
public class ProbeChatConsumer {

    static final String REJECTED_TOPIC = "reject-me";
    static final String FAILING_TOPIC = "fail-me";

    private final Queue<Event<SupportChatReceived>> handled = new ConcurrentLinkedQueue<>();

    @Inject
    EventInbox inbox;

    @Incoming("probe-chats")
    @Blocking
    void onChat(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, SupportChatReceived.class, event -> {
            if (REJECTED_TOPIC.equals(event.payload().topic())) {
                throw new RejectedEventException("unsupported-topic", "chats about '" + REJECTED_TOPIC
                        + "' are not accepted");
            }
            if (FAILING_TOPIC.equals(event.payload().topic())) {
                throw new IllegalStateException("the handler broke");
            }
            handled.add(event);
        });
    }

    List<String> handledChatIds() {
        return handled.stream().map(event -> event.payload().chatId()).toList();
    }

    List<Event<SupportChatReceived>> handled() {
        return List.copyOf(handled);
    }
}

package io.tuneline.dataset.messaging;

import io.smallrye.common.annotation.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.dataset.service.StreamIngestService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code tuneline.support-chats}. The inbox acknowledges a record only after the handler returned (the
 * chat is then stored as pending) or after the record was parked on the dead-letter topic.
 */
@ApplicationScoped
public class SupportChatConsumer {

    public static final String CHANNEL = "support-chats";

    private final EventInbox inbox;
    private final StreamIngestService streamIngest;

    SupportChatConsumer(EventInbox inbox, StreamIngestService streamIngest) {
        this.inbox = inbox;
        this.streamIngest = streamIngest;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onSupportChat(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, SupportChatReceived.class, event ->
                streamIngest.receive(event.payload(), record.topic(), record.partition(), record.offset()));
    }
}

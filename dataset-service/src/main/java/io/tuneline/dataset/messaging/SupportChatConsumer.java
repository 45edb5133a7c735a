package io.tuneline.dataset.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.dataset.service.StreamIngestService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes {@code tuneline.support-chats}. The inbox acknowledges a record only after the handler returned (the
 * chat is then stored as pending) or after the record was parked on the dead-letter topic. Records are handled
 * concurrently on the {@value #WORKERS} pool (storing a chat is one S3 round trip); the offsets commit in order all
 * the same, and which copy of a chat is kept depends on record offsets, not on handling order.
 */
@ApplicationScoped
public class SupportChatConsumer {

    public static final String CHANNEL = "support-chats";
    public static final String WORKERS = "support-chat-workers";

    private final EventInbox inbox;
    private final StreamIngestService streamIngest;

    SupportChatConsumer(EventInbox inbox, StreamIngestService streamIngest) {
        this.inbox = inbox;
        this.streamIngest = streamIngest;
    }

    @Incoming(CHANNEL)
    @Blocking(value = WORKERS, ordered = false)
    public void onSupportChat(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, SupportChatReceived.class, event ->
                streamIngest.receive(event.payload(), record.topic(), record.partition(), record.offset()));
    }
}

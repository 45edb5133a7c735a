package io.tuneline.dataset.messaging;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.dataset.service.StreamIngestService;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes {@code tuneline.support-chats} in batches (one poll's records): the chats of a batch are stored as one
 * pending object, and the inbox acknowledges the batch only after that is durable and every rejected record is
 * parked on the dead-letter topic. Batches are handled concurrently on the {@value #WORKERS} pool; the offsets
 * commit in order all the same, and which copy of a chat is kept depends on record offsets, not on handling order.
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
    public void onSupportChats(ConsumerRecords<String, byte[]> records) {
        inbox.acceptBatch(records, SupportChatReceived.class, deliveries -> {
            Map<StreamIngestService.Received, ConsumerRecord<String, byte[]>> sources = new IdentityHashMap<>();
            List<StreamIngestService.Received> chats = deliveries.stream().map(delivery -> {
                ConsumerRecord<String, byte[]> record = delivery.record();
                StreamIngestService.Received chat = new StreamIngestService.Received(delivery.event().payload(),
                        record.topic(), record.partition(), record.offset());
                sources.put(chat, record);
                return chat;
            }).toList();
            return streamIngest.receive(chats).stream().map(rejected -> new EventInbox.Refusal(
                    sources.get(rejected.received()), rejected.code(), rejected.reason())).toList();
        });
    }
}

package io.tuneline.common.messaging;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.SupportChatReceived;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The batch form of the inbox, without a broker: what is decoded, handed over, refused and parked. */
class EventInboxBatchTest {

    private static final String TOPIC = "tuneline.support-chats";

    private final List<DeadLetter> parked = new ArrayList<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final EventInbox inbox = new EventInbox(new DeadLetters(null) {
        @Override
        public void publishDurably(DeadLetter deadLetter) {
            parked.add(deadLetter);
        }

        @Override
        public String service() {
            return "batch-probe";
        }
    }, new HandlerRetry(), metrics);

    @Test
    void handsTheDecodedRecordsOverAtOnceAndParksTheUnreadableAndTheRefusedOnes() {
        List<ConsumerRecord<String, byte[]>> batch = List.of(chat(0, "a"), record(1, "{not json"), chat(2, "b"),
                chat(3, "c"));
        List<List<String>> handed = new ArrayList<>();

        inbox.acceptBatch(batch, SupportChatReceived.class, deliveries -> {
            handed.add(deliveries.stream().map(d -> d.event().payload().chatId()).toList());
            return deliveries.stream().filter(d -> d.event().payload().chatId().equals("b"))
                    .map(d -> new EventInbox.Refusal(d.record(), "empty-field", "chat 'b': output is empty"))
                    .toList();
        });

        assertThat(handed).containsExactly(List.of("a", "b", "c"));
        assertThat(parked).extracting(DeadLetter::offset, DeadLetter::errorCode, DeadLetter::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, EventCodec.ERROR_NOT_JSON, parked.get(0).reason()),
                org.assertj.core.groups.Tuple.tuple(2L, "empty-field", "chat 'b': output is empty"));
        assertThat(parked.get(1).sourceTopic()).isEqualTo(TOPIC);
        assertThat(parked.get(1).service()).isEqualTo("batch-probe");
        assertThat(metrics.find("tuneline.events.handled").tag("topic", TOPIC).counter().count()).isEqualTo(2.0);
    }

    @Test
    void parksEveryRecordOfTheBatchWhenTheHandlerKeepsFailing() {
        inbox.acceptBatch(List.of(chat(5, "a"), chat(6, "b")), SupportChatReceived.class, deliveries -> {
            throw new IllegalStateException("storage is down");
        });

        assertThat(parked).extracting(DeadLetter::offset).containsExactly(5L, 6L);
        assertThat(parked).allSatisfy(letter -> {
            assertThat(letter.errorCode()).isEqualTo(EventInbox.ERROR_HANDLER_FAILED);
            assertThat(letter.reason()).contains("storage is down");
        });
        assertThat(metrics.find("tuneline.events.handled").counter()).isNull();
    }

    @Test
    void doesNotCallTheHandlerWhenNothingInTheBatchCouldBeRead() {
        List<Integer> calls = new ArrayList<>();
        inbox.acceptBatch(List.of(record(7, "nope")), SupportChatReceived.class, deliveries -> {
            calls.add(deliveries.size());
            return List.of();
        });

        assertThat(calls).isEmpty();
        assertThat(parked).singleElement().extracting(DeadLetter::errorCode).isEqualTo(EventCodec.ERROR_NOT_JSON);
    }

    private static ConsumerRecord<String, byte[]> chat(long offset, String chatId) {
        return record(offset, EventCodec.encode(Event.of("help-desk", new SupportChatReceived(chatId,
                "Customer: where is my parcel?", "Customer asks about a parcel.", "delivery", Map.of()))));
    }

    private static ConsumerRecord<String, byte[]> record(long offset, String value) {
        return new ConsumerRecord<>(TOPIC, 0, offset, "key-" + offset, value.getBytes(StandardCharsets.UTF_8));
    }
}

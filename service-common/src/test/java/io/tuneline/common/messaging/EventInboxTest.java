package io.tuneline.common.messaging;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.Ping;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.events.Topic;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class EventInboxTest {

    private static final String CHATS = Topic.SUPPORT_CHATS.topicName();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ProbeChatConsumer consumer;

    @Test
    void readsAnEventWithFieldsItDoesNotKnow() throws Exception {
        String chatId = "chat-" + UUID.randomUUID();
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(chat(chatId, "billing")));
        json.put("addedInAFutureVersion", "ignored");
        ((ObjectNode) json.get("payload")).put("sentiment", "angry");

        send(chatId, json.toString());

        await().atMost(PATIENCE).until(() -> consumer.handledChatIds().contains(chatId));
        Event<SupportChatReceived> handled = consumer.handled().stream()
                .filter(event -> event.payload().chatId().equals(chatId)).findFirst().orElseThrow();
        assertThat(handled.payload().topic()).isEqualTo("billing");
        assertThat(handled.source()).isEqualTo("help-desk");
    }

    @Test
    void deadLettersARecordThatIsNotJsonAndProcessesTheNextOneOnItsPartition() {
        String key = "chat-" + UUID.randomUUID();
        RecordMetadata bad = send(key, "this is { not json");
        RecordMetadata good = send(key, EventCodec.encode(chat(key, "shipping")));
        assertThat(good.partition()).isEqualTo(bad.partition());

        await().atMost(PATIENCE).until(() -> consumer.handledChatIds().contains(key));
        DeadLetter deadLetter = awaitDeadLetter(bad);
        assertThat(deadLetter.service()).isEqualTo("common-probe");
        assertThat(deadLetter.originalKey()).isEqualTo(key);
        assertThat(deadLetter.payload()).isEqualTo("this is { not json");
        assertThat(deadLetter.errorCode()).isEqualTo(EventCodec.ERROR_NOT_JSON);
        assertThat(deadLetter.reason()).contains("not JSON");
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("tuneline_events_dead_lettered_total{error=\"not-json\""))
                .body(containsString("tuneline_events_handled_total{"));
    }

    @Test
    void deadLettersAnEventOfAnUnsupportedSchemaVersion() throws Exception {
        String key = "chat-" + UUID.randomUUID();
        ObjectNode json = (ObjectNode) EventCodec.mapper().readTree(EventCodec.encode(chat(key, "billing")));
        json.put("schemaVersion", Event.SCHEMA_VERSION + 1);
        RecordMetadata bad = send(key, json.toString());
        send(key, EventCodec.encode(chat(key, "billing")));

        DeadLetter deadLetter = awaitDeadLetter(bad);
        assertThat(deadLetter.errorCode()).isEqualTo(EventCodec.ERROR_UNSUPPORTED_VERSION);
        assertThat(deadLetter.reason()).contains("schemaVersion 2");
        await().atMost(PATIENCE).until(() -> consumer.handledChatIds().contains(key));
    }

    @Test
    void deadLettersBytesThatAreNotUtf8AsBase64() {
        String key = "chat-" + UUID.randomUUID();
        byte[] notUtf8 = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
        RecordMetadata bad = RawKafka.send(bootstrapServers(), CHATS, key, notUtf8);

        DeadLetter deadLetter = awaitDeadLetter(bad);
        assertThat(deadLetter.errorCode()).isEqualTo(EventCodec.ERROR_NOT_UTF8);
        assertThat(Base64.getDecoder().decode(deadLetter.payload())).isEqualTo(notUtf8);
    }

    @Test
    void deadLettersAnEventOfAnotherTypeThanTheConsumerExpects() {
        String key = "chat-" + UUID.randomUUID();
        String ping = EventCodec.encode(Event.of("intruder", new Ping("intruder", key)));
        RecordMetadata bad = send(key, ping);

        DeadLetter deadLetter = awaitDeadLetter(bad);
        assertThat(deadLetter.errorCode()).isEqualTo(EventCodec.ERROR_WRONG_TYPE);
        assertThat(deadLetter.reason()).contains("SupportChatReceived").contains("'ping'");
    }

    @Test
    void deadLettersAnEventTheHandlerRejectsWithTheHandlersReason() {
        String key = "chat-" + UUID.randomUUID();
        RecordMetadata rejected = send(key, EventCodec.encode(chat(key, ProbeChatConsumer.REJECTED_TOPIC)));

        DeadLetter deadLetter = awaitDeadLetter(rejected);
        assertThat(deadLetter.errorCode()).isEqualTo("unsupported-topic");
        assertThat(deadLetter.reason()).contains("are not accepted");
        assertThat(EventCodec.decode(deadLetter.payload(), SupportChatReceived.class).payload().chatId())
                .isEqualTo(key);
    }

    @Test
    void deadLettersAnEventWhoseHandlerKeepsFailing() {
        String key = "chat-" + UUID.randomUUID();
        RecordMetadata failing = send(key, EventCodec.encode(chat(key, ProbeChatConsumer.FAILING_TOPIC)));
        String nextKey = "chat-" + UUID.randomUUID();
        send(nextKey, EventCodec.encode(chat(nextKey, "billing")));

        DeadLetter deadLetter = awaitDeadLetter(failing);
        assertThat(deadLetter.errorCode()).isEqualTo(EventInbox.ERROR_HANDLER_FAILED);
        assertThat(deadLetter.reason()).contains("3 times").contains("the handler broke");
        await().atMost(PATIENCE).until(() -> consumer.handledChatIds().contains(nextKey));
    }

    private DeadLetter awaitDeadLetter(RecordMetadata source) {
        return await().atMost(PATIENCE).until(() -> RawKafka.deadLetters(bootstrapServers()).stream()
                        .filter(letter -> letter.sourceTopic().equals(source.topic())
                                && letter.partition() == source.partition()
                                && letter.offset() == source.offset())
                        .toList(),
                found -> !found.isEmpty()).get(0);
    }

    private static RecordMetadata send(String key, String value) {
        return RawKafka.send(bootstrapServers(), CHATS, key, value.getBytes(StandardCharsets.UTF_8));
    }

    static String bootstrapServers() {
        return KafkaTestResource.broker().bootstrapServers();
    }

    static Event<SupportChatReceived> chat(String chatId, String topic) {
        return Event.of("help-desk", new SupportChatReceived(chatId, "Customer: where is my parcel?",
                "Customer asks about a parcel.", topic, Map.of("customerId", "c-1")));
    }
}

package io.tuneline.common.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.Topic;
import io.tuneline.embedded.kafka.EmbeddedKafka;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** The broker goes away and comes back while the service runs: the service reconnects and loses nothing. */
@QuarkusTest
class BrokerRestartTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    ProbeChatConsumer consumer;

    @Test
    void processesEveryEventPublishedBeforeAndAfterABrokerRestart() {
        EmbeddedKafka broker = KafkaTestResource.broker();
        List<String> before = publishChats("before", 12);

        broker.restart();
        List<String> after = publishChats("after", 12);

        List<String> expected = new ArrayList<>(before);
        expected.addAll(after);
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(consumer.handledChatIds()).containsAll(expected));
        // Publishing through the service's own producer works again too: the ping makes the round trip.
        await().atMost(PATIENCE).untilAsserted(() ->
                given().post("/wiring/check").then().statusCode(200));
        await().atMost(PATIENCE).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
    }

    /** Sends with acks=all, one key per chat, spread over the partitions; durable once this returns. */
    private static List<String> publishChats(String label, int count) {
        List<String> chatIds = IntStream.range(0, count)
                .mapToObj(i -> label + "-" + i + "-" + UUID.randomUUID())
                .toList();
        String bootstrapServers = KafkaTestResource.broker().bootstrapServers();
        for (String chatId : chatIds) {
            RawKafka.send(bootstrapServers, Topic.SUPPORT_CHATS.topicName(), chatId,
                    EventCodec.encode(EventInboxTest.chat(chatId, "billing")));
        }
        return chatIds;
    }
}

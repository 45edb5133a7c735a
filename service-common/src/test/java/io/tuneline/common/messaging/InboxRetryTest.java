package io.tuneline.common.messaging;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler that throws is called again after a delay that doubles each time, 3 times in
 * all (HandlerRetry's {@code @Retry}; the test profile sets its first delay), and only then dead-lettered. Counted and timed at the handler itself.
 */
@QuarkusTest
class InboxRetryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ScriptedProbeConsumer consumer;

    /** HandlerRetry's first delay as the test profile sets it (SmallRye Fault Tolerance's key). */
    private static final String RETRY_DELAY_KEY =
            "quarkus.fault-tolerance.\"io.tuneline.common.messaging.HandlerRetry/call\".retry.delay";

    @Test
    void aHandlerThatKeepsFailingIsCalledTheConfiguredNumberOfTimesWithDoublingDelaysThenDeadLettered() {
        String chatId = "always-fails-" + UUID.randomUUID();
        consumer.script(chatId, new ScriptedProbeConsumer.FailTimes(Integer.MAX_VALUE));

        RecordMetadata sent = send(chatId);

        DeadLetter deadLetter = await().atMost(PATIENCE).until(() -> deadLetterOf(sent), Optional::isPresent)
                .orElseThrow();
        assertThat(deadLetter.errorCode()).isEqualTo(EventInbox.ERROR_HANDLER_FAILED);
        // The dead letter is published after the last call, so the count is final here.
        List<Long> calls = consumer.callNanos(chatId);
        assertThat(calls).hasSize(3);
        long base = Duration.ofMillis(ConfigProvider.getConfig().getValue(RETRY_DELAY_KEY, Long.class)).toNanos();
        List<Long> gaps = gaps(calls);
        // Sleeps last at least as long as asked; a constant delay would leave the second gap near one delay.
        assertThat(gaps.get(0)).as("gap before the 2nd call, ns").isGreaterThanOrEqualTo(base);
        assertThat(gaps.get(1)).as("gap before the 3rd call, ns").isGreaterThanOrEqualTo(2 * base);
        assertThat(consumer.handled(chatId)).isFalse();
    }

    @Test
    void aHandlerThatSucceedsOnItsLastAttemptIsHandledAndNotDeadLettered() {
        String chatId = "fails-twice-" + UUID.randomUUID();
        consumer.script(chatId, new ScriptedProbeConsumer.FailTimes(2));

        RecordMetadata sent = send(chatId);

        await().atMost(PATIENCE).until(() -> consumer.handled(chatId));
        assertThat(consumer.callNanos(chatId)).hasSize(3);
        assertThat(deadLetterOf(sent)).isEmpty();
    }

    private static RecordMetadata send(String chatId) {
        return RawKafka.send(KafkaTestResource.broker().bootstrapServers(), ScriptedProbeConsumer.TOPIC, chatId,
                EventCodec.encode(EventInboxTest.chat(chatId, "billing")));
    }

    static Optional<DeadLetter> deadLetterOf(RecordMetadata source) {
        return RawKafka.deadLetters(KafkaTestResource.broker().bootstrapServers()).stream()
                .filter(letter -> letter.sourceTopic().equals(source.topic())
                        && letter.partition() == source.partition()
                        && letter.offset() == source.offset())
                .findFirst();
    }

    private static List<Long> gaps(List<Long> nanos) {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < nanos.size(); i++) {
            gaps.add(nanos.get(i) - nanos.get(i - 1));
        }
        return gaps;
    }
}

package io.tuneline.common.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.embedded.kafka.EmbeddedKafka;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record must be dead-lettered while the broker is down: the inbox keeps trying, the next record on the same
 * partition waits (even though the consumer fetched it already), and once the broker is back the dead letter is
 * published and the next record handled. Nothing is skipped.
 */
@QuarkusTest
class DeadLetterOutageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @Inject
    ScriptedProbeConsumer consumer;

    @Test
    void aDeadLetterThatCannotBePublishedBlocksThePartitionUntilTheBrokerIsBack() throws Exception {
        String key = "outage-" + UUID.randomUUID();
        String rejectedId = key + "-rejected";
        String nextId = key + "-next";
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        consumer.script(rejectedId, new ScriptedProbeConsumer.HoldThenReject(entered, release));
        EmbeddedKafka broker = KafkaTestResource.broker();
        String bootstrapServers = broker.bootstrapServers();

        // One key, so one partition: the second record is behind the first.
        RecordMetadata rejected = RawKafka.send(bootstrapServers, ScriptedProbeConsumer.TOPIC, key,
                EventCodec.encode(EventInboxTest.chat(rejectedId, "billing")));
        RecordMetadata next = RawKafka.send(bootstrapServers, ScriptedProbeConsumer.TOPIC, key,
                EventCodec.encode(EventInboxTest.chat(nextId, "billing")));
        assertThat(next.partition()).isEqualTo(rejected.partition());
        assertThat(entered.await(60, TimeUnit.SECONDS)).as("the handler got the first record").isTrue();
        Thread.sleep(1_000); // lets the consumer's poll loop fetch the second record too

        broker.stop();
        try {
            release.countDown(); // the handler rejects now, while no dead letter can be published
            Thread.sleep(5_000);
            assertThat(consumer.handled(nextId)).as("the next record waited for the dead letter").isFalse();
        } finally {
            broker.start();
        }

        await().atMost(PATIENCE).until(() -> consumer.handled(nextId));
        Optional<DeadLetter> deadLetter = await().atMost(PATIENCE)
                .until(() -> InboxRetryTest.deadLetterOf(rejected), Optional::isPresent);
        assertThat(deadLetter.orElseThrow().errorCode()).isEqualTo("scripted-rejection");
        assertThat(consumer.callNanos(nextId)).hasSize(1);
    }
}

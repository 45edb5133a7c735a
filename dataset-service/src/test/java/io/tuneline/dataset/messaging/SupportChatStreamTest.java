package io.tuneline.dataset.messaging;

import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.service.DatasetRepository;
import io.tuneline.dataset.service.StreamIngestService;
import io.tuneline.dataset.testing.Datasets;
import io.tuneline.dataset.testing.KafkaTopics;
import io.tuneline.storage.ObjectStore;
import io.tuneline.testsupport.quarkus.KafkaTestResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Support chats arrive with redeliveries, copies under other ids, bad records and a broker restart in the middle;
 * every chat ends up stored exactly once and versions are cut by count and by interval.
 */
@QuarkusTest
class SupportChatStreamTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String CHATS = Topic.SUPPORT_CHATS.topicName();

    @Inject
    StreamIngestService streamIngest;

    @Inject
    StreamCutScheduler scheduler;

    @Inject
    DatasetRepository repository;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Test
    void storesEachChatOnceAcrossDuplicatesAndABrokerRestartAndCutsVersions() {
        String datasetId = streamIngest.datasetId();
        send(chat("chat-1", 201));
        send(chat("chat-2", 202));
        send(chat("chat-1", 201));                                             // redelivered
        send(chat("chat-3", 203));
        KafkaTopics.send(CHATS, "chat-x", "{not json".getBytes(StandardCharsets.UTF_8));
        send(new SupportChatReceived("chat-e", dialogue(204), "   ", "billing", Map.of()));
        await().atMost(PATIENCE).until(() -> streamIngest.pendingCount() == 3);

        KafkaTestResource.broker().restart();

        send(new SupportChatReceived("chat-2b", dialogue(202).toUpperCase().replace(" ", "  "), summary(202),
                "delivery", Map.of()));                                         // same chat under another id
        send(chat("chat-3", 203));                                             // redelivered after the restart
        send(chat("chat-4", 204));
        send(chat("chat-5", 205));                                             // 6th distinct id: count cut

        DatasetManifest first = await().atMost(PATIENCE).until(() -> repository.latest(datasetId),
                Optional::isPresent).get();
        assertThat(first.versionId()).isEqualTo("v1");
        assertThat(first.trigger()).isEqualTo(StreamIngestService.TRIGGER_COUNT);
        assertThat(first.source()).isEqualTo(Example.STREAM_SOURCE);
        assertThat(storedIds(first)).containsExactlyInAnyOrder("chat-1", "chat-2", "chat-3", "chat-4", "chat-5");
        await().atMost(PATIENCE).until(() -> pendingObjects(datasetId) == 0);

        List<DeadLetter> deadLetters = await().atMost(PATIENCE).until(this::chatDeadLetters, found -> found.size() >= 3);
        assertThat(deadLetters).extracting(DeadLetter::originalKey, DeadLetter::errorCode).containsExactlyInAnyOrder(
                tuple("chat-x", EventCodec.ERROR_NOT_JSON),
                tuple("chat-e", "empty-field"),
                tuple("chat-2b", "normalized-duplicate"));
        DeadLetter copy = deadLetters.stream().filter(d -> d.originalKey().equals("chat-2b")).findFirst().orElseThrow();
        assertThat(copy.offset()).isNotNegative();
        assertThat(copy.payload()).contains("chat-2b");
        assertThat(awaitVersionEvent(datasetId, "v1").trigger()).isEqualTo(StreamIngestService.TRIGGER_COUNT);

        // Later: one more redelivery and one new chat, cut by the interval trigger.
        send(chat("chat-1", 201));
        send(chat("chat-6", 206));
        await().atMost(PATIENCE).until(() -> streamIngest.pendingCount() >= 2);
        scheduler.cutOnInterval();

        DatasetManifest second = repository.latest(datasetId).orElseThrow();
        assertThat(second.versionId()).isEqualTo("v2");
        assertThat(second.parentVersionId()).isEqualTo("v1");
        assertThat(second.trigger()).isEqualTo(StreamIngestService.TRIGGER_INTERVAL);
        assertThat(storedIds(second)).containsExactlyInAnyOrder("chat-1", "chat-2", "chat-3", "chat-4", "chat-5",
                "chat-6");
        assertThat(pendingObjects(datasetId)).isZero();
        assertThat(chatDeadLetters()).hasSize(3);

        // Nothing pending: the interval passes without a version.
        scheduler.cutOnInterval();
        assertThat(repository.versionIds(datasetId)).containsExactly("v1", "v2");
    }

    private List<String> storedIds(DatasetManifest manifest) {
        return Datasets.storedExamples(store, manifest).stream().map(Example::id).toList();
    }

    private int pendingObjects(String datasetId) {
        return store.list(layout.datasets(), layout.datasetPendingPrefix(datasetId)).size();
    }

    private List<DeadLetter> chatDeadLetters() {
        return KafkaTopics.events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream()
                .map(Event::payload)
                .filter(letter -> CHATS.equals(letter.sourceTopic()))
                .toList();
    }

    private DatasetVersionCreated awaitVersionEvent(String datasetId, String versionId) {
        return await().atMost(PATIENCE).until(() -> KafkaTopics
                        .events(Topic.DATASET_VERSIONS.topicName(), DatasetVersionCreated.class).stream()
                        .map(Event::payload)
                        .filter(e -> e.datasetId().equals(datasetId) && e.versionId().equals(versionId)).toList(),
                found -> found.size() == 1).get(0);
    }

    private static SupportChatReceived chat(String chatId, int n) {
        return new SupportChatReceived(chatId, dialogue(n), summary(n), "delivery", Map.of("customer", "c" + n));
    }

    private static void send(SupportChatReceived chat) {
        KafkaTopics.send(CHATS, chat.chatId(), EventCodec.encodeBytes(Event.of("help-desk", chat)));
    }
}

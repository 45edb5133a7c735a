package io.tuneline.dataset.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.contracts.dataset.DatasetManifest;
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
import io.tuneline.dataset.testing.VolumeStreamProfile;
import io.tuneline.storage.ObjectStore;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.tuneline.dataset.testing.DialogSumRows.dialogue;
import static io.tuneline.dataset.testing.DialogSumRows.summary;
import static io.tuneline.dataset.testing.VolumeStreamProfile.CUT_EVERY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The support-chat stream under load and under awkward storage: one version per N chats however fast they come,
 * pending objects that are not chats or cannot be read, and copies whose redelivery must not change who came first.
 */
@QuarkusTest
@TestProfile(VolumeStreamProfile.class)
class SupportChatVolumeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String CHATS = Topic.SUPPORT_CHATS.topicName();
    private static final String DATASET = VolumeStreamProfile.DATASET_ID;

    @Inject
    StreamIngestService streamIngest;

    @Inject
    DatasetRepository repository;

    @Inject
    ObjectStore store;

    @Inject
    StorageLayout layout;

    @Inject
    MeterRegistry metrics;

    @Test
    void tenTimesTheCutSizeAsFastAsPossibleMakesExactlyTenVersions() {
        List<String> before = repository.versionIds(DATASET);
        long storedBefore = repository.latest(DATASET).map(DatasetManifest::totalExamples).orElse(0L);
        List<SupportChatReceived> chats = new ArrayList<>();
        for (int n = 0; n < 10 * CUT_EVERY; n++) {
            chats.add(chat("burst-" + n, 10_000 + n));
        }
        send(chats);

        await().atMost(PATIENCE).until(() -> repository.latest(DATASET).map(DatasetManifest::totalExamples)
                .orElse(0L) == storedBefore + chats.size());
        List<DatasetManifest> made = repository.versions(DATASET).stream()
                .filter(manifest -> !before.contains(manifest.versionId())).toList();
        assertThat(made).hasSize(10).allSatisfy(manifest -> {
            assertThat(manifest.trigger()).isEqualTo(StreamIngestService.TRIGGER_COUNT);
            assertThat(manifest.added().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CUT_EVERY);
        });
        List<String> ids = storedIds(made.get(made.size() - 1));
        assertThat(ids).doesNotHaveDuplicates()
                .containsAll(chats.stream().map(SupportChatReceived::chatId).toList());
        // The last cut deletes its pending objects after its version exists.
        await().atMost(PATIENCE).until(() -> streamIngest.pendingCount() == 0);
        assertThat(store.list(layout.datasets(), layout.datasetPendingPrefix(DATASET))).isEmpty();
    }

    @Test
    void aTemporaryObjectIsNeverReadAndAnUnreadableChatIsRetriedAtTheNextCut() {
        String prefix = layout.datasetPendingPrefix(DATASET);
        // What s3proxy's filesystem store leaves while it writes: the real name plus a suffix. Its content is a
        // perfectly good chat, so reading it would show in the version.
        String temporary = prefix + "0123456789abcdef0123456789abcdef.json-" + java.util.UUID.randomUUID();
        store.put(layout.datasets(), temporary, pendingJson("temp-chat", 20_001), "application/json");
        String broken = prefix + "fedcba9876543210fedcba9876543210.json";
        store.put(layout.datasets(), broken, "{\"example\": {\"id\": ".getBytes(StandardCharsets.UTF_8),
                "application/json");

        // Nothing else is pending: the cut neither fails nor makes a version (a read temporary object would).
        assertThat(streamIngest.cut(StreamIngestService.TRIGGER_INTERVAL)).isEmpty();
        List<SupportChatReceived> chats = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            chats.add(chat("robust-" + n, 20_100 + n));
        }
        send(chats);
        await().atMost(PATIENCE).until(() -> streamIngest.pendingCount() >= 3);
        DatasetManifest withChats = streamIngest.cut(StreamIngestService.TRIGGER_INTERVAL).orElseThrow();

        assertThat(storedIds(withChats)).contains("robust-0", "robust-1", "robust-2").doesNotContain("temp-chat");
        assertThat(store.exists(layout.datasets(), temporary)).as("the temporary object is left alone").isTrue();
        assertThat(store.exists(layout.datasets(), broken)).as("the unreadable chat stays pending").isTrue();

        // Once the object is readable, the next cut takes it.
        store.put(layout.datasets(), broken, pendingJson("repaired-chat", 20_002), "application/json");
        DatasetManifest repaired = streamIngest.cut(StreamIngestService.TRIGGER_INTERVAL).orElseThrow();
        assertThat(repaired.totalExamples()).isEqualTo(withChats.totalExamples() + 1);
        assertThat(storedIds(repaired)).contains("repaired-chat");
        assertThat(store.exists(layout.datasets(), broken)).isFalse();
        store.delete(layout.datasets(), temporary);
    }

    @Test
    void chatsLeftPendingByAKilledProcessAndTheirRedeliveryAreEachStoredOnce() {
        // What a process killed after storing a batch, before its offsets were committed, leaves behind: the
        // batch's pending object, which no process remembers. The broker then delivers the batch again.
        String left = layout.datasetPendingPrefix(DATASET) + "00112233445566778899aabbccddeeff.json";
        byte[] batch = (new String(pendingJson("crash-0", 40_000), StandardCharsets.UTF_8) + "\n"
                + new String(pendingJson("crash-1", 40_001), StandardCharsets.UTF_8) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        store.put(layout.datasets(), left, batch, "application/x-ndjson");
        send(List.of(chat("crash-0", 40_000), chat("crash-1", 40_001)));
        await().atMost(PATIENCE).until(() -> streamIngest.pendingCount() >= 2);

        DatasetManifest version = streamIngest.cut(StreamIngestService.TRIGGER_INTERVAL).orElseThrow();

        assertThat(storedIds(version)).doesNotHaveDuplicates().contains("crash-0", "crash-1");
        assertThat(store.exists(layout.datasets(), left)).as("the left-over batch is consumed").isFalse();
        assertThat(streamIngest.pendingCount()).isZero();
    }

    @Test
    void aRedeliveryNeverChangesWhichCopyCameFirst() {
        SupportChatReceived original = chat("x-first", 30_001);
        SupportChatReceived copy = new SupportChatReceived("y-copy", original.dialogue(), original.summary(),
                "delivery", Map.of());
        double handledBefore = handled();
        // One Kafka key, so all three land in one partition in this order: X, Y (X's texts), X again.
        KafkaTopics.sendAll(CHATS, List.of(Map.entry("customer-7", encode(original)),
                Map.entry("customer-7", encode(copy)), Map.entry("customer-7", encode(original))));
        await().atMost(PATIENCE).until(() -> handled() >= handledBefore + 3);

        DatasetManifest version = streamIngest.cut(StreamIngestService.TRIGGER_INTERVAL).orElseThrow();

        assertThat(storedIds(version)).contains("x-first").doesNotContain("y-copy");
        DeadLetter letter = await().atMost(PATIENCE).until(() -> KafkaTopics
                        .events(Topic.DEAD_LETTER.topicName(), DeadLetter.class).stream().map(Event::payload)
                        .filter(d -> "y-copy".equals(d.originalKey())).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(letter.errorCode()).isEqualTo("duplicate");
        assertThat(letter.reason()).contains("x-first");
        assertThat(letter.sourceTopic()).isEqualTo(CHATS);
    }

    private double handled() {
        return metrics.find("tuneline.events.handled").tag("topic", CHATS).counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private List<String> storedIds(DatasetManifest manifest) {
        return Datasets.storedExamples(store, manifest).stream().map(Example::id).toList();
    }

    private byte[] pendingJson(String chatId, int n) {
        String example = EventCodec.mapper().createObjectNode()
                .put("id", chatId).put("input", dialogue(n)).put("output", summary(n)).put("source", "stream")
                .put("contentHash", io.tuneline.dataset.validation.ContentHashing.contentHash(dialogue(n),
                        summary(n))).toString();
        return ("{\"example\": " + example + ", \"topic\": \"" + CHATS + "\", \"partition\": 0, \"offset\": 0, "
                + "\"receivedAt\": \"2026-12-05T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static SupportChatReceived chat(String chatId, int n) {
        return new SupportChatReceived(chatId, dialogue(n), summary(n), "delivery", Map.of());
    }

    private static byte[] encode(SupportChatReceived chat) {
        return EventCodec.encodeBytes(Event.of("help-desk", chat));
    }

    private static void send(List<SupportChatReceived> chats) {
        KafkaTopics.sendAll(CHATS, chats.stream().map(c -> Map.entry(c.chatId(), encode(c))).toList());
    }
}

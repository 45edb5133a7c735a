package io.tuneline.dataset.service;

import io.tuneline.common.messaging.DeadLetters;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.common.config.StorageBuckets;
import io.tuneline.common.messaging.RejectedEventException;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.validation.DedupeIndex;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.RejectionCode;
import io.tuneline.dataset.version.DatasetManifest;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Grows the stream dataset from support chats. Each accepted chat is stored as a pending object keyed by its chat
 * id before the record is acknowledged, so a redelivery overwrites the same object. A cut turns everything pending
 * into a new version, dropping copies (same id and texts: silently, as a redelivery; other duplicates: to the
 * dead-letter topic), and then deletes what it consumed.
 */
@ApplicationScoped
public class StreamIngestService {

    public static final String TRIGGER_COUNT = "stream-count";
    public static final String TRIGGER_INTERVAL = "stream-interval";

    private static final Logger LOG = Logger.getLogger(StreamIngestService.class);
    private static final ObjectMapper MAPPER = EventCodec.mapper();

    private final DatasetConfig config;
    private final DatasetLocks locks;
    private final VersionService versions;
    private final DeadLetters deadLetters;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final ManagedExecutor executor;
    private final StorageBuckets buckets;
    private final ExampleValidator validator;
    /** Keys of the pending objects this instance knows of; decides the count trigger. */
    private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean countCutQueued = new AtomicBoolean();

    StreamIngestService(DatasetConfig config, DatasetLocks locks, VersionService versions, DeadLetters deadLetters,
                        ObjectStore store, StorageLayout layout, ManagedExecutor executor, StorageBuckets buckets) {
        this.config = config;
        this.locks = locks;
        this.versions = versions;
        this.deadLetters = deadLetters;
        this.store = store;
        this.layout = layout;
        this.executor = executor;
        this.buckets = buckets;
        this.validator = new ExampleValidator(config.validation().limits());
    }

    void onStart(@Observes StartupEvent started) {
        if (!config.stream().enabled()) {
            return;
        }
        try {
            buckets.ensure();
            for (StoredObject object : store.list(layout.datasets(), pendingPrefix())) {
                pendingKeys.add(object.key());
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pending stream examples not counted at startup (%s); the interval cut still finds them",
                    e.getMessage());
        }
    }

    /**
     * Validates and stores one chat; returns once it is durable. Throws {@link RejectedEventException} for a chat
     * that cannot become an example, which the inbox parks on the dead-letter topic.
     */
    public void receive(SupportChatReceived chat, String topic, int partition, long offset) {
        String group = config.stream().groupAttribute()
                .map(attribute -> chat.attributes() == null ? null : chat.attributes().get(attribute))
                .orElse(null);
        ExampleValidator.Outcome outcome = validator.validate(chat.chatId(), chat.dialogue(), chat.summary(),
                List.of(), chat.topic(), group, Example.STREAM_SOURCE);
        if (!outcome.accepted()) {
            throw new RejectedEventException(outcome.code().wireName(),
                    "chat '" + chat.chatId() + "': " + outcome.reason());
        }
        ObjectRef ref = layout.datasetPendingExample(datasetId(), pendingId(chat.chatId()));
        PendingExample pending = new PendingExample(outcome.example(), topic, partition, offset, Instant.now());
        store.put(ref.bucket(), ref.key(), VersionDraft.json(pending), "application/json");
        pendingKeys.add(ref.key());
        if (pendingKeys.size() >= config.stream().cutEveryExamples() && countCutQueued.compareAndSet(false, true)) {
            executor.runAsync(() -> {
                countCutQueued.set(false);
                cutSafely(TRIGGER_COUNT);
            });
        }
    }

    /** Cuts a version from everything pending; empty when nothing new was pending. */
    public Optional<DatasetManifest> cut(String trigger) {
        return locks.withLock(datasetId(), () -> cutLocked(trigger));
    }

    /** Like {@link #cut} but logs a failure instead of throwing: for background triggers. */
    public void cutSafely(String trigger) {
        try {
            cut(trigger);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Cutting a %s version of %s failed; the pending examples stay for the next cut", trigger,
                    datasetId());
        }
    }

    private Optional<DatasetManifest> cutLocked(String trigger) {
        List<StoredObject> objects = store.list(layout.datasets(), pendingPrefix());
        if (objects.isEmpty()) {
            return Optional.empty();
        }
        List<PendingExample> pending = new ArrayList<>();
        for (StoredObject object : objects) {
            pending.add(read(object));
        }
        // First come, first kept: of two copies the earlier one enters the dataset.
        pending.sort(Comparator.comparing(PendingExample::receivedAt).thenComparing(p -> p.example().id()));
        DatasetManifest manifest = null;
        long added;
        List<DeadLetter> duplicates = new ArrayList<>();
        try (VersionDraft draft = versions.draft(datasetId())) {
            for (PendingExample candidate : pending) {
                VersionAssembler.Offer offer = draft.offer(candidate.example());
                if (!offer.added() && offer.verdict() != DedupeIndex.Verdict.SAME_EXAMPLE) {
                    duplicates.add(deadLetter(candidate, offer.verdict()));
                }
            }
            added = draft.addedTotal();
            if (added > 0) {
                manifest = draft.commit(trigger, Example.STREAM_SOURCE);
            }
        }
        try (DeadLetters.Batch batch = deadLetters.batch()) {
            duplicates.forEach(batch::add);
        }
        if (manifest != null) {
            versions.announce(manifest);
        }
        for (StoredObject object : objects) {
            deleteUnlessRewritten(object);
        }
        LOG.infof("Stream cut (%s) of %s: %d pending, %d added, %d duplicates dead-lettered%s", trigger,
                datasetId(), pending.size(), added, duplicates.size(), manifest == null ? ", no new version" : ", version " + manifest.versionId());
        return Optional.ofNullable(manifest);
    }

    /** A chat re-sent with new texts while the cut ran is kept for the next cut instead of being lost. */
    private void deleteUnlessRewritten(StoredObject consumed) {
        StoredObject current;
        try {
            current = store.stat(consumed.bucket(), consumed.key());
        } catch (ObjectNotFoundException e) {
            pendingKeys.remove(consumed.key());
            return;
        }
        if (Objects.equals(unquoted(current.etag()), unquoted(consumed.etag()))) {
            store.delete(consumed.bucket(), consumed.key());
            pendingKeys.remove(consumed.key());
        }
    }

    /** Listings and stats may or may not quote ETags. */
    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private DeadLetter deadLetter(PendingExample candidate, DedupeIndex.Verdict verdict) {
        Example example = candidate.example();
        RejectionCode code = verdict == DedupeIndex.Verdict.NORMALIZED_DUPLICATE
                ? RejectionCode.NORMALIZED_DUPLICATE : RejectionCode.DUPLICATE;
        String reason = switch (verdict) {
            case ID_CONFLICT -> "chat id '" + example.id() + "' is already stored with other texts";
            case EXACT_DUPLICATE -> "chat '" + example.id() + "' repeats the texts of another stored chat";
            default -> "chat '" + example.id() + "' repeats another stored chat after normalization";
        };
        String payload;
        try {
            payload = MAPPER.writeValueAsString(example);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeadLetter(deadLetters.service(), candidate.topic(), candidate.partition(), candidate.offset(),
                example.id(), payload, code.wireName(), reason);
    }

    private PendingExample read(StoredObject object) {
        try {
            return MAPPER.readValue(store.getBytes(object.bucket(), object.key()), PendingExample.class);
        } catch (IOException e) {
            throw new UncheckedIOException("pending example " + object.key() + " is unreadable", e);
        }
    }

    public int pendingCount() {
        return pendingKeys.size();
    }

    public String datasetId() {
        return config.stream().datasetId();
    }

    private String pendingPrefix() {
        return layout.datasetPendingPrefix(datasetId());
    }

    /** Chat ids are free text; the object key uses a hash of it, so any id maps to one safe key. */
    private static String pendingId(String chatId) {
        return HexFormat.of().formatHex(ContentHashing.sha256(chatId), 0, 16);
    }
}

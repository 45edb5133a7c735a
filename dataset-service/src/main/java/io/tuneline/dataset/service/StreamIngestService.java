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
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
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
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Grows the stream dataset from support chats. Each accepted chat is stored as a pending object keyed by its chat
 * id before the record is acknowledged, so a redelivery overwrites the same object (keeping the partition and
 * offset of the chat's first delivery, which decides which of two copies is kept). Stored chats collect in
 * {@link PendingBatches}; one cut runs at a time per dataset, on one thread, and takes exactly the batch it was
 * given: copies are dropped (same id and texts silently, as a redelivery; other duplicates to the dead-letter
 * topic), the rest becomes a new version, and then the consumed pending objects are deleted.
 */
@ApplicationScoped
public class StreamIngestService {

    public static final String TRIGGER_COUNT = "stream-count";
    public static final String TRIGGER_INTERVAL = "stream-interval";

    private static final Logger LOG = Logger.getLogger(StreamIngestService.class);
    private static final ObjectMapper MAPPER = EventCodec.mapper();
    /** The documented pending key: 32 hex characters of the chat id's SHA-256. Anything else is never read. */
    private static final Pattern PENDING_NAME = Pattern.compile("[0-9a-f]{32}\\.json");
    private static final Comparator<PendingExample> FIRST_RECEIVED = Comparator
            .comparingInt(PendingExample::partition).thenComparingLong(PendingExample::offset)
            .thenComparing(p -> p.example().id());

    private final DatasetConfig config;
    private final DatasetLocks locks;
    private final VersionService versions;
    private final DeadLetters deadLetters;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final StorageBuckets buckets;
    private final ExampleValidator validator;
    private final PendingBatches batches;
    /** Where each pending chat was first delivered; a redelivery keeps it. */
    private final Map<String, FirstDelivery> firstDeliveries = new ConcurrentHashMap<>();
    /** Serializes writers of one pending key (records may be handled concurrently). */
    private final Object[] keyLocks = new Object[64];
    /** Cuts run here, one at a time, in the order they were triggered. */
    private final ExecutorService cutter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-cutter");
        thread.setDaemon(true);
        return thread;
    });

    private record FirstDelivery(String topic, int partition, long offset, Instant receivedAt) {

        /** Within a partition the lower offset came first; across partitions the delivery seen first stays. */
        FirstDelivery earlier(FirstDelivery other) {
            return other.partition == partition && other.offset < offset ? other : this;
        }
    }

    StreamIngestService(DatasetConfig config, DatasetLocks locks, VersionService versions, DeadLetters deadLetters,
                        ObjectStore store, StorageLayout layout, StorageBuckets buckets) {
        this.config = config;
        this.locks = locks;
        this.versions = versions;
        this.deadLetters = deadLetters;
        this.store = store;
        this.layout = layout;
        this.buckets = buckets;
        this.validator = new ExampleValidator(config.validation().limits());
        this.batches = new PendingBatches(config.stream().cutEveryExamples(), TRIGGER_COUNT);
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new Object();
        }
    }

    void onStart(@Observes StartupEvent started) {
        if (!config.stream().enabled()) {
            return;
        }
        try {
            buckets.ensure();
            for (String key : listPending().keySet()) {
                batches.arrived(key).ifPresent(this::submit);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Pending stream examples not counted at startup (%s); the interval cut still finds them",
                    e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        cutter.shutdownNow();
    }

    /**
     * Validates and stores one chat; returns once it is durable. Throws {@link RejectedEventException} for a chat
     * that cannot become an example, which the inbox parks on the dead-letter topic. Safe to call concurrently.
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
        FirstDelivery delivery = new FirstDelivery(topic, partition, offset, Instant.now());
        synchronized (keyLocks[Math.floorMod(ref.key().hashCode(), keyLocks.length)]) {
            FirstDelivery earlier = earlierDelivery(ref);
            FirstDelivery first = earlier == null ? delivery : earlier.earlier(delivery);
            PendingExample pending = new PendingExample(outcome.example(), first.topic(), first.partition(),
                    first.offset(), first.receivedAt());
            store.put(ref.bucket(), ref.key(), VersionDraft.json(pending), "application/json");
            firstDeliveries.put(ref.key(), first);
        }
        batches.arrived(ref.key()).ifPresent(this::submit);
    }

    /** The first delivery of a chat that is still pending: remembered, or read back after a restart. */
    private FirstDelivery earlierDelivery(ObjectRef ref) {
        FirstDelivery known = firstDeliveries.get(ref.key());
        if (known != null || !batches.contains(ref.key())) {
            return known;
        }
        try {
            PendingExample stored = MAPPER.readValue(store.getBytes(ref.bucket(), ref.key()), PendingExample.class);
            return new FirstDelivery(stored.topic(), stored.partition(), stored.offset(), stored.receivedAt());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Cuts a version from everything pending now (after the cuts already triggered); empty when nothing new was
     * pending. Waits for the cut.
     */
    public Optional<DatasetManifest> cut(String trigger) {
        Future<Optional<DatasetManifest>> result = cutter.submit(() -> batches.sealOpen(trigger, listPending().keySet())
                .flatMap(this::cutBatch));
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a " + trigger + " cut", e);
        }
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

    private void submit(PendingBatches.Batch batch) {
        cutter.execute(() -> {
            try {
                cutBatch(batch);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Cutting a %s version of %s failed; the pending examples stay for the next cut",
                        batch.trigger(), datasetId());
            }
        });
    }

    /** Runs on the cutter thread. Whatever it does not consume goes back to the open batch. */
    private Optional<DatasetManifest> cutBatch(PendingBatches.Batch batch) {
        List<String> retry = new ArrayList<>(batch.keys());
        try {
            return locks.withLock(datasetId(), () -> cutLocked(batch, retry));
        } finally {
            batches.finished(batch, retry);
            if (!retry.isEmpty()) {
                batches.sealIfFull().ifPresent(this::submit);
            }
        }
    }

    private record Consumed(StoredObject object, PendingExample pending) {
    }

    /** {@code retry} starts with every key of the batch; what this cut consumes or finds gone is removed. */
    private Optional<DatasetManifest> cutLocked(PendingBatches.Batch batch, List<String> retry) {
        Map<String, StoredObject> stored = listPending();
        List<Consumed> consumed = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (String key : batch.keys()) {
            StoredObject object = stored.get(key);
            if (object == null) {
                LOG.warnf("Pending chat %s vanished before its cut; skipped", key);
                firstDeliveries.remove(key);
                continue;
            }
            try {
                consumed.add(new Consumed(object, read(object)));
            } catch (ObjectNotFoundException e) {
                LOG.warnf("Pending chat %s vanished while it was read; skipped", key);
                firstDeliveries.remove(key);
            } catch (RuntimeException e) {
                LOG.warnf("Pending chat %s cannot be read (%s); skipped, retried at the next cut", key,
                        e.getMessage());
                unreadable.add(key);
            }
        }
        retry.clear();
        retry.addAll(consumed.stream().map(c -> c.object().key()).toList());
        retry.addAll(unreadable);
        if (consumed.isEmpty()) {
            return Optional.empty();
        }
        // First received, first kept: by the partition offset of each chat's first delivery.
        consumed.sort(Comparator.comparing(Consumed::pending, FIRST_RECEIVED));
        DatasetManifest manifest = null;
        long added;
        List<DeadLetter> duplicates = new ArrayList<>();
        Map<String, String> keptByContent = new HashMap<>();
        try (VersionDraft draft = versions.draft(datasetId())) {
            for (Consumed candidate : consumed) {
                Example example = candidate.pending().example();
                VersionAssembler.Offer offer = draft.offer(example);
                if (offer.added()) {
                    keptByContent.putIfAbsent(example.contentHash(), example.id());
                } else if (offer.verdict() != DedupeIndex.Verdict.SAME_EXAMPLE) {
                    duplicates.add(deadLetter(candidate.pending(), offer.verdict(),
                            keptByContent.get(example.contentHash())));
                }
            }
            added = draft.addedTotal();
            if (added > 0) {
                manifest = draft.commit(batch.trigger(), Example.STREAM_SOURCE);
            }
        }
        try (DeadLetters.Batch letters = deadLetters.batch()) {
            duplicates.forEach(letters::add);
        }
        if (manifest != null) {
            versions.announce(manifest);
        }
        retry.clear();
        retry.addAll(unreadable);
        for (Consumed candidate : consumed) {
            if (!deleteUnlessRewritten(candidate.object())) {
                retry.add(candidate.object().key());
            }
        }
        LOG.infof("Stream cut (%s) of %s: %d pending, %d added, %d duplicates dead-lettered, %d skipped%s",
                batch.trigger(), datasetId(), consumed.size(), added, duplicates.size(), unreadable.size(),
                manifest == null ? ", no new version" : ", version " + manifest.versionId());
        return Optional.ofNullable(manifest);
    }

    /**
     * A chat re-sent with new texts while the cut ran is kept for the next cut instead of being lost; returns
     * whether the object is gone.
     */
    private boolean deleteUnlessRewritten(StoredObject consumed) {
        StoredObject current;
        try {
            current = store.stat(consumed.bucket(), consumed.key());
        } catch (ObjectNotFoundException e) {
            firstDeliveries.remove(consumed.key());
            return true;
        }
        if (Objects.equals(unquoted(current.etag()), unquoted(consumed.etag()))) {
            store.delete(consumed.bucket(), consumed.key());
            firstDeliveries.remove(consumed.key());
            return true;
        }
        return false;
    }

    /** Listings and stats may or may not quote ETags. */
    private static String unquoted(String etag) {
        return etag == null ? null : etag.replace("\"", "");
    }

    private DeadLetter deadLetter(PendingExample candidate, DedupeIndex.Verdict verdict, String keptId) {
        Example example = candidate.example();
        RejectionCode code = verdict == DedupeIndex.Verdict.NORMALIZED_DUPLICATE
                ? RejectionCode.NORMALIZED_DUPLICATE : RejectionCode.DUPLICATE;
        String other = keptId == null ? "another stored chat" : "chat '" + keptId + "'";
        String reason = switch (verdict) {
            case ID_CONFLICT -> "chat id '" + example.id() + "' is already stored with other texts";
            case EXACT_DUPLICATE -> "chat '" + example.id() + "' repeats the texts of " + other;
            default -> "chat '" + example.id() + "' repeats " + other + " after normalization";
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

    /** The pending objects with the documented key shape, by key; a store's temporary objects are left alone. */
    private Map<String, StoredObject> listPending() {
        String prefix = pendingPrefix();
        Map<String, StoredObject> pending = new HashMap<>();
        for (StoredObject object : store.list(layout.datasets(), prefix)) {
            if (PENDING_NAME.matcher(object.key().substring(prefix.length())).matches()) {
                pending.put(object.key(), object);
            }
        }
        return pending;
    }

    public int pendingCount() {
        return batches.size();
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

package io.tuneline.dataset.service;

import io.tuneline.common.messaging.DeadLetters;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.common.config.StorageBuckets;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.SupportChatReceived;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.validation.DedupeIndex;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.RejectionCode;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.HashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Grows the stream dataset from support chats. The chats of one consumed batch of records are validated and stored
 * together as one pending object (JSON Lines) before the batch is acknowledged, and remembered in
 * {@link PendingChats}, which keeps each chat's earliest delivery (partition and offset decide which of two copies
 * is kept; a redelivery never changes it). Stored chats collect in {@link PendingBatches}; one cut runs at a time
 * per dataset, on one thread, and takes exactly the chats it was given, from memory: copies are dropped (same id
 * and texts silently, as a redelivery; other duplicates to the dead-letter topic), the rest becomes a new version,
 * and then the pending objects that hold nothing pending any more are deleted (one that still holds chats of a
 * later cut is rewritten with only those).
 */
@ApplicationScoped
public class StreamIngestService {

    public static final String TRIGGER_COUNT = "stream-count";
    public static final String TRIGGER_INTERVAL = "stream-interval";

    private static final Logger LOG = Logger.getLogger(StreamIngestService.class);
    private static final ObjectMapper MAPPER = EventCodec.mapper();
    private static final String JSON_LINES = "application/x-ndjson";
    /** The documented pending key: 32 lower-case hex characters. Anything else is never read. */
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
    private final PendingChats pending = new PendingChats();
    /** Chats durably stored as pending (what {@code ./tuneline bench stream} counts as ingested). */
    private final Counter storedChats;
    /** Cuts run here, one at a time, in the order they were triggered. */
    private final ExecutorService cutter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "stream-cutter");
        thread.setDaemon(true);
        return thread;
    });

    /** One consumed record holding a chat, and where it was delivered. */
    public record Received(SupportChatReceived chat, String topic, int partition, long offset) {
    }

    /** A received chat that cannot become an example, with the rejection code and reason. */
    public record Rejected(Received received, String code, String reason) {
    }

    StreamIngestService(DatasetConfig config, DatasetLocks locks, VersionService versions, DeadLetters deadLetters,
                        ObjectStore store, StorageLayout layout, StorageBuckets buckets, MeterRegistry metrics) {
        this.config = config;
        this.locks = locks;
        this.versions = versions;
        this.deadLetters = deadLetters;
        this.store = store;
        this.layout = layout;
        this.buckets = buckets;
        this.validator = new ExampleValidator(config.validation().limits());
        this.batches = new PendingBatches(config.stream().cutEveryExamples(), TRIGGER_COUNT);
        this.storedChats = metrics.counter("tuneline.dataset.stream.stored");
        metrics.gauge("tuneline.dataset.stream.pending", batches, PendingBatches::size);
    }

    void onStart(@Observes StartupEvent started) {
        if (!config.stream().enabled()) {
            return;
        }
        try {
            buckets.ensure();
            adoptStoredObjects();
        } catch (RuntimeException e) {
            LOG.warnf("Pending stream examples not read at startup (%s); the interval cut still finds them",
                    e.getMessage());
        }
    }

    @PreDestroy
    void stop() {
        cutter.shutdownNow();
    }

    /**
     * Validates a batch of chats and stores the accepted ones as one pending object; returns once it is durable,
     * with the chats that cannot become examples (which the caller parks on the dead-letter topic). Safe to call
     * concurrently.
     */
    public List<Rejected> receive(List<Received> chats) {
        List<Rejected> rejected = new ArrayList<>();
        List<PendingExample> accepted = new ArrayList<>(chats.size());
        Instant now = Instant.now();
        for (Received received : chats) {
            SupportChatReceived chat = received.chat();
            String group = config.stream().groupAttribute()
                    .map(attribute -> chat.attributes() == null ? null : chat.attributes().get(attribute))
                    .orElse(null);
            ExampleValidator.Outcome outcome = validator.validate(chat.chatId(), chat.dialogue(), chat.summary(),
                    List.of(), chat.topic(), group, Example.STREAM_SOURCE);
            if (outcome.accepted()) {
                accepted.add(new PendingExample(outcome.example(), received.topic(), received.partition(),
                        received.offset(), now));
            } else {
                rejected.add(new Rejected(received, outcome.code().wireName(),
                        "chat '" + chat.chatId() + "': " + outcome.reason()));
            }
        }
        if (!accepted.isEmpty()) {
            ObjectRef ref = layout.datasetPendingBatch(datasetId(), newBatchId());
            store.put(ref.bucket(), ref.key(), jsonLines(accepted), JSON_LINES);
            counted(pending.stored(ref.key(), accepted));
            storedChats.increment(accepted.size());
        }
        return rejected;
    }

    private void counted(List<String> newCandidates) {
        for (String key : newCandidates) {
            batches.arrived(key).ifPresent(this::submit);
        }
    }

    /**
     * Cuts a version from everything pending now (after the cuts already triggered), including pending objects found
     * in storage that no batch knows (left by a crash, or unreadable until now); empty when nothing new was pending.
     * Waits for the cut.
     */
    public Optional<DatasetManifest> cut(String trigger) {
        Future<Optional<DatasetManifest>> result = cutter.submit(() -> {
            adoptStoredObjects();
            // Every pending chat, also one that arrived again while its cut ran and so was counted in no batch.
            return batches.sealOpen(trigger, pending.keys()).flatMap(this::cutBatch);
        });
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

    /**
     * Reads the pending objects in storage that are not known in memory (at startup; or left behind by a failed
     * read). One that vanished or cannot be read is skipped with a warning and tried again at the next cut.
     */
    private void adoptStoredObjects() {
        for (StoredObject object : listPending()) {
            if (pending.knowsObject(object.key())) {
                continue;
            }
            List<PendingExample> chats;
            try {
                chats = readChats(object);
            } catch (ObjectNotFoundException e) {
                LOG.warnf("Pending chats %s vanished before they were read; skipped", object.key());
                continue;
            } catch (RuntimeException e) {
                LOG.warnf("Pending chats %s cannot be read (%s); skipped, retried at the next cut", object.key(),
                        e.getMessage());
                continue;
            }
            counted(pending.stored(object.key(), chats));
        }
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

    /** {@code retry} starts with every key of the batch and is emptied once the version exists. */
    private Optional<DatasetManifest> cutLocked(PendingBatches.Batch batch, List<String> retry) {
        List<PendingExample> chats = new ArrayList<>(pending.chats(batch.keys()));
        if (chats.isEmpty()) {
            retry.clear();
            return Optional.empty();
        }
        // First received, first kept: by the partition offset of each chat's first delivery.
        chats.sort(FIRST_RECEIVED);
        DatasetManifest manifest = null;
        long added;
        List<DeadLetter> duplicates = new ArrayList<>();
        Map<String, String> keptByContent = new HashMap<>();
        try (VersionDraft draft = versions.draft(datasetId())) {
            for (PendingExample candidate : chats) {
                Example example = candidate.example();
                VersionAssembler.Offer offer = draft.offer(example);
                if (offer.added()) {
                    keptByContent.putIfAbsent(example.contentHash(), example.id());
                } else if (offer.verdict() != DedupeIndex.Verdict.SAME_EXAMPLE) {
                    duplicates.add(deadLetter(candidate, offer.verdict(), keptByContent.get(example.contentHash())));
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
        int deleted = cleanUp(pending.consumed(batch.keys()));
        LOG.infof("Stream cut (%s) of %s: %d pending, %d added, %d duplicates dead-lettered, %d pending objects "
                        + "deleted%s", batch.trigger(), datasetId(), chats.size(), added, duplicates.size(), deleted,
                manifest == null ? ", no new version" : ", version " + manifest.versionId());
        return Optional.ofNullable(manifest);
    }

    /**
     * Deletes the pending objects that hold nothing pending, and rewrites those that still hold chats of a later cut
     * with only those chats (written first, then the original deleted). A failure only leaves an object behind: its
     * chats, read again after a restart, are redeliveries of stored chats and dropped. Returns how many were deleted.
     */
    private int cleanUp(PendingChats.Cleanup cleanup) {
        int deleted = 0;
        try {
            for (Map.Entry<String, List<PendingExample>> rewrite : cleanup.rewrite().entrySet()) {
                ObjectRef replacement = layout.datasetPendingBatch(datasetId(), newBatchId());
                store.put(replacement.bucket(), replacement.key(), jsonLines(rewrite.getValue()), JSON_LINES);
                pending.moved(rewrite.getKey(), replacement.key(), rewrite.getValue());
                deleted += deleteIfEmpty(rewrite.getKey());
            }
            for (String key : cleanup.delete()) {
                deleted += deleteIfEmpty(key);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cleaning up pending objects of %s failed (%s); the next cut tries again", datasetId(),
                    e.getMessage());
        }
        return deleted;
    }

    private int deleteIfEmpty(String objectKey) {
        if (!pending.isEmpty(objectKey)) {
            return 0;
        }
        store.delete(layout.datasets(), objectKey);
        pending.deleted(objectKey);
        return 1;
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

    static byte[] jsonLines(List<PendingExample> chats) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(chats.size() * 1024);
        try {
            for (PendingExample chat : chats) {
                MAPPER.writeValue(out, chat);
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize pending chats", e);
        }
        return out.toByteArray();
    }

    /** The chats of a pending object: JSON Lines (one line for objects written one chat at a time). */
    private List<PendingExample> readChats(StoredObject object) {
        List<PendingExample> chats = new ArrayList<>();
        try (InputStream in = new ByteArrayInputStream(store.getBytes(object.bucket(), object.key()))) {
            JsonLines lines = new JsonLines(in);
            for (byte[] line = lines.next(); line != null; line = lines.next()) {
                chats.add(MAPPER.readValue(line, PendingExample.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("pending chats " + object.key() + " are unreadable", e);
        }
        return chats;
    }

    /** The pending objects with the documented key shape; a store's temporary objects are left alone. */
    private List<StoredObject> listPending() {
        String prefix = layout.datasetPendingPrefix(datasetId());
        List<StoredObject> found = new ArrayList<>();
        for (StoredObject object : store.list(layout.datasets(), prefix)) {
            if (PENDING_NAME.matcher(object.key().substring(prefix.length())).matches()) {
                found.add(object);
            }
        }
        return found;
    }

    /** Chats stored as pending and not yet in a version (distinct ids and texts). */
    public int pendingCount() {
        return batches.size();
    }

    public String datasetId() {
        return config.stream().datasetId();
    }

    /** Random, so that a redelivered batch never overwrites an object a cut may be reading or deleting. */
    private static String newBatchId() {
        return UUID.randomUUID().toString().replace("-", "");
    }
}

package io.tuneline.dataset.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.dataset.SplitFile;
import io.tuneline.contracts.dataset.SplitPolicy;
import io.tuneline.contracts.dataset.SplitStatistics;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.SegmentEncoding;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.ContentHashing;
import io.tuneline.dataset.version.SplitTotals;
import io.tuneline.dataset.version.SplitWriter;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.dataset.version.VersionState;
import io.tuneline.storage.ObjectStore;
import org.jboss.logging.Logger;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * The next version of a dataset while it is being built. Only the new examples are spooled, one local temporary
 * segment file per split (never the whole dataset in memory or on disk); the parent's examples are known through
 * its {@link VersionState} (from memory, or rebuilt by reading its segments once). {@link #commit} uploads the new
 * segments and then the manifest, which lists the parent's segments plus the new ones and is what makes the version
 * exist; {@link #close} removes the temporary files either way.
 */
public final class VersionDraft implements AutoCloseable {

    private static final String GZIP = "application/gzip";
    private static final Logger LOG = Logger.getLogger(VersionDraft.class);

    private final ObjectStore store;
    private final StorageLayout layout;
    private final String datasetId;
    private final DatasetManifest parent;
    private final Path directory;
    private final Consumer<VersionState> onCommit;
    private final Map<Split, Path> paths = new EnumMap<>(Split.class);
    private final Map<Split, SplitWriter> writers = new EnumMap<>(Split.class);
    private final VersionAssembler assembler;

    /**
     * @param parentState      the parent's state when it is known (it is copied, never changed); otherwise it is
     *                         rebuilt from the parent's segments
     * @param newDatasetPolicy the policy if this is the dataset's first version; otherwise the parent's is kept
     * @param onCommit         receives the new version's state after its manifest is written
     */
    VersionDraft(ObjectStore store, StorageLayout layout, String datasetId, Optional<DatasetManifest> parent,
                 Optional<VersionState> parentState, SplitPolicy newDatasetPolicy, Path directory,
                 Consumer<VersionState> onCommit) {
        this.store = store;
        this.layout = layout;
        this.datasetId = StorageLayout.id(datasetId);
        this.parent = parent.orElse(null);
        this.onCommit = onCommit;
        VersionState known = parentState.filter(state -> this.parent != null
                && state.versionId().equals(this.parent.versionId())).orElse(null);
        try {
            this.directory = directory;
            for (Split split : Split.values()) {
                Path path = directory.resolve(split.wireName() + ".jsonl.gz");
                paths.put(split, path);
                SplitTotals before = known == null ? SplitTotals.empty() : known.totals().get(split);
                // Segments are stored gzip-compressed (JSON text shrinks ~4x); the writer's checksum, size and
                // count are those of the JSON Lines, so readers see the same split either way.
                writers.put(split, new SplitWriter(new BufferedOutputStream(new GZIPOutputStream(
                        Files.newOutputStream(path), 1 << 16), 1 << 16), before));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot create the temporary split files", e);
        }
        SplitPolicy policy = parent.map(DatasetManifest::splitPolicy).orElse(newDatasetPolicy);
        this.assembler = known == null ? new VersionAssembler(policy, writers)
                : new VersionAssembler(policy, writers, known.index().copy());
        if (this.parent != null && known == null) {
            indexParent();
        }
    }

    public Optional<DatasetManifest> parent() {
        return Optional.ofNullable(parent);
    }

    public VersionAssembler.Offer offer(Example example) {
        return assembler.offer(example);
    }

    /** Offers an example for a fixed split (an official test set stays a test set) instead of its hash's split. */
    public VersionAssembler.Offer offer(Example example, Split fixedSplit) {
        return fixedSplit == null ? assembler.offer(example) : assembler.offer(example, fixedSplit);
    }

    public long addedTotal() {
        return assembler.addedTotal();
    }

    /** Uploads the new segments, then the manifest; returns the manifest of the new version. */
    public DatasetManifest commit(String trigger, String source) {
        long sequence = parent == null ? 1 : parent.sequence() + 1;
        String versionId = DatasetRepository.versionId(sequence);
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, Long> added = new LinkedHashMap<>();
        Map<String, SplitFile> files = new LinkedHashMap<>();
        Map<String, List<SplitFile>> segments = new LinkedHashMap<>();
        Map<String, SplitStatistics> statistics = new LinkedHashMap<>();
        Map<Split, SplitTotals> totals = new EnumMap<>(Split.class);
        long total = 0;
        // Objects under this version's prefix without a manifest are the orphans of a commit that died half-way
        // (the dataset's lock is held and the parent is the latest version): remove them before writing anew.
        int orphans = store.deletePrefix(layout.datasets(), layout.datasetVersionPrefix(datasetId, versionId));
        if (orphans > 0) {
            LOG.warnf("Removed %d orphan object(s) of %s/%s, a version that never got its manifest", orphans,
                    datasetId, versionId);
        }
        for (Split split : Split.values()) {
            SplitWriter writer = writers.get(split);
            writer.close();
            List<SplitFile> splitSegments = new ArrayList<>(parent == null ? List.of()
                    : parent.segmentsOf(split.wireName()));
            if (writer.segmentExamples() > 0) {
                ObjectRef segment = layout.datasetCompressedSegment(datasetId, versionId, split.wireName());
                store.putFile(segment.bucket(), segment.key(), paths.get(split), GZIP);
                splitSegments.add(new SplitFile(segment.bucket(), segment.key(), writer.segmentSha256(),
                        writer.segmentBytes(), writer.segmentExamples()));
            }
            ObjectRef ref = layout.datasetSplit(datasetId, versionId, split.wireName());
            counts.put(split.wireName(), writer.examples());
            added.put(split.wireName(), assembler.added(split));
            files.put(split.wireName(), new SplitFile(ref.bucket(), ref.key(), writer.sha256(), writer.bytes(),
                    writer.examples()));
            segments.put(split.wireName(), List.copyOf(splitSegments));
            if (writer.statistics() != null) {
                statistics.put(split.wireName(), writer.statistics());
            }
            totals.put(split, writer.totals());
            total += writer.examples();
        }
        DatasetManifest manifest = new DatasetManifest(DatasetManifest.SCHEMA_VERSION, Example.SCHEMA_VERSION,
                datasetId, versionId, sequence, parent == null ? null : parent.versionId(), Instant.now(), trigger,
                source, assembler.policy(), counts, added, total, files, statistics, segments);
        ObjectRef manifestRef = layout.datasetManifest(datasetId, versionId);
        store.put(manifestRef.bucket(), manifestRef.key(), json(manifest), "application/json");
        onCommit.accept(new VersionState(versionId, assembler.index(), totals));
        return manifest;
    }

    /**
     * Reads the parent's segments once to know its examples, checking each segment and each whole split against
     * the checksums in its manifest.
     */
    private void indexParent() {
        for (Split split : Split.values()) {
            for (SplitFile segment : parent.segmentsOf(split.wireName())) {
                MessageDigest digest = ContentHashing.newSha256();
                try (InputStream in = new DigestInputStream(new BufferedInputStream(SegmentEncoding.decode(
                        segment.key(), store.get(segment.bucket(), segment.key())), 1 << 16), digest)) {
                    JsonLines lines = new JsonLines(in);
                    for (byte[] line = lines.next(); line != null; line = lines.next()) {
                        assembler.indexParent(split, line);
                    }
                } catch (IOException | UncheckedIOException e) {
                    IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause()
                            : (IOException) e;
                    // A segment that is not the gzip its name says is damaged, like one whose checksum differs.
                    if (cause instanceof ZipException || cause instanceof EOFException) {
                        throw new IllegalStateException("s3://" + segment.bucket() + "/" + segment.key()
                                + " cannot be decompressed (" + cause.getMessage()
                                + "); refusing to build on a damaged version", cause);
                    }
                    throw new UncheckedIOException("reading the parent's " + split.wireName() + " split failed",
                            cause);
                }
                requireChecksum(segment, HexFormat.of().formatHex(digest.digest()));
            }
            SplitFile whole = parent.files().get(split.wireName());
            if (whole != null) {
                requireChecksum(whole, writers.get(split).totals().sha256());
            }
        }
    }

    private static void requireChecksum(SplitFile file, String actual) {
        if (!actual.equals(file.sha256())) {
            throw new IllegalStateException("s3://" + file.bucket() + "/" + file.key() + " has SHA-256 " + actual
                    + " but its manifest says " + file.sha256() + "; refusing to build on a damaged version");
        }
    }

    /** Compact JSON: a manifest lists every segment of its dataset, so its whitespace would add up over versions. */
    static byte[] json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value)
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    @Override
    public void close() {
        writers.values().forEach(SplitWriter::close);
        if (directory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + directory, e);
        }
    }
}

package io.tuneline.dataset.service;

import io.tuneline.common.messaging.DeadLetters;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.config.DatasetConfig;
import io.tuneline.dataset.ingest.RawRow;
import io.tuneline.dataset.ingest.RowReader;
import io.tuneline.dataset.ingest.UnreadableUploadException;
import io.tuneline.dataset.ingest.UploadFormat;
import io.tuneline.dataset.ingest.UploadInterruptedException;
import io.tuneline.dataset.mapping.FieldMapping;
import io.tuneline.dataset.mapping.RowMapper;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.validation.DedupeIndex;
import io.tuneline.dataset.validation.ExampleValidator;
import io.tuneline.dataset.validation.Rejection;
import io.tuneline.dataset.validation.RejectionCode;
import io.tuneline.dataset.version.VersionAssembler;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ingests one uploaded file into a new version of a dataset, streaming: rows are read, validated and spooled one
 * at a time, so the size of an upload is bounded by disk, not memory.
 * <p>
 * Policy for damaged bodies: whatever can be delimited as a row (a JSONL line, a CSV record) but not read is a
 * rejected row; only a body that cannot be read as the format at all (the first JSONL line is not an object, no
 * usable CSV header, a CSV quote that never closes) is refused with its line and column, and then nothing is
 * stored except the refusal report: earlier versions stay exactly as they were.
 */
@ApplicationScoped
public class UploadService {

    public static final String TRIGGER = "upload";

    private static final Logger LOG = Logger.getLogger(UploadService.class);
    private static final ObjectMapper MAPPER = EventCodec.mapper();
    private static final DateTimeFormatter UPLOAD_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final DatasetConfig config;
    private final DatasetLocks locks;
    private final VersionService versions;
    private final DeadLetters deadLetters;
    private final ObjectStore store;
    private final StorageLayout layout;
    private final SpoolDirectory spool;

    UploadService(DatasetConfig config, DatasetLocks locks, VersionService versions, DeadLetters deadLetters,
                  ObjectStore store, StorageLayout layout, SpoolDirectory spool) {
        this.spool = spool;
        this.config = config;
        this.locks = locks;
        this.versions = versions;
        this.deadLetters = deadLetters;
        this.store = store;
        this.layout = layout;
    }

    /**
     * @param mapping canonical field name ({@code id}, {@code input}, ...) → the upload's field name
     * @throws ApiException 400 with the position when the body cannot be read as {@code format}
     */
    public UploadReport upload(String datasetId, InputStream body, UploadFormat format, Map<String, String> mapping) {
        return upload(datasetId, body, format, mapping, null);
    }

    /**
     * @param fixedSplit when set, every accepted row goes to this split (an official test set stays a test set)
     *                   instead of the split its hash decides
     */
    public UploadReport upload(String datasetId, InputStream body, UploadFormat format, Map<String, String> mapping,
                               Split fixedSplit) {
        StorageLayout.id(datasetId);
        Upload upload = new Upload(datasetId, newUploadId(), format, fixedSplit);
        try (RejectionLog rejections = new RejectionLog(config.upload().rejectionsInResponse(),
                spool.newFile("upload-rejections-", ".jsonl"))) {
            RowReader reader;
            FieldMapping fieldMapping;
            try {
                reader = format.open(body, config.upload().maxRowBytes());
                fieldMapping = FieldMapping.resolve(mapping, reader.columns(), format == UploadFormat.DIALOGSUM,
                        reader.columnsLine());
            } catch (UnreadableUploadException e) {
                throw refuse(upload, null, 0, e);
            } catch (UploadInterruptedException e) {
                throw interrupted(upload, 0, e);
            }
            return locks.withLock(datasetId, () -> ingest(upload, reader, fieldMapping, mapping, rejections));
        }
    }

    private UploadReport ingest(Upload upload, RowReader reader, FieldMapping fieldMapping,
                                Map<String, String> overrides, RejectionLog rejections) {
        try (VersionDraft draft = versions.draft(upload.datasetId())) {
            RowMapper rowMapper = new RowMapper(fieldMapping, reader.columns(), overrides,
                    upload.format() == UploadFormat.DIALOGSUM, new ExampleValidator(config.validation().limits()),
                    upload.uploadId());
            long rows = 0;
            try {
                for (RawRow row = reader.next(); row != null; row = reader.next()) {
                    rows++;
                    RowMapper.Mapped mapped = rowMapper.map(row);
                    if (mapped.rejection() != null) {
                        rejections.add(mapped.rejection());
                        continue;
                    }
                    VersionAssembler.Offer offer = draft.offer(mapped.example(), upload.fixedSplit());
                    if (!offer.added()) {
                        rejections.add(duplicate(row, mapped.example(), offer.verdict()));
                    }
                }
            } catch (UnreadableUploadException e) {
                throw refuse(upload, fieldMapping, rows, e);
            } catch (UploadInterruptedException e) {
                throw interrupted(upload, rows, e);
            }
            DatasetManifest manifest = draft.addedTotal() > 0 ? draft.commit(TRIGGER, upload.uploadId()) : null;
            UploadReport report = new UploadReport(upload.uploadId(), upload.datasetId(),
                    manifest != null ? UploadReport.VERSION_CREATED : UploadReport.NO_NEW_EXAMPLES,
                    upload.format().wireName(), fixedSplitName(upload), fieldMapping,
                    manifest == null ? null : manifest.versionId(),
                    draft.parent().map(DatasetManifest::versionId).orElse(null), rows, draft.addedTotal(),
                    rejections.count(), rejections.countsByCode(), null, Instant.now(),
                    layout.uploadReport(upload.datasetId(), upload.uploadId()), null, null);
            storeReport(report, rejections);
            publishDeadLetters(upload, rejections);
            if (manifest != null) {
                versions.announce(manifest);
            }
            LOG.infof("Upload %s to %s: %d rows, %d accepted, %d rejected%s", upload.uploadId(),
                    upload.datasetId(), rows, draft.addedTotal(), rejections.count(),
                    manifest == null ? ", no new version" : ", version " + manifest.versionId());
            return report.withRejections(rejections.first(), rejections.count() > rejections.first().size());
        }
    }

    private static Rejection duplicate(RawRow row, Example example, DedupeIndex.Verdict verdict) {
        String id = example.id();
        return switch (verdict) {
            case SAME_EXAMPLE -> Rejection.of(row.line(), RejectionCode.DUPLICATE,
                    "example '" + id + "' is already in the dataset with the same texts", id, row.payload());
            case ID_CONFLICT -> Rejection.of(row.line(), RejectionCode.DUPLICATE,
                    "id '" + id + "' is already used by an example with other texts", id, row.payload());
            case EXACT_DUPLICATE -> Rejection.of(row.line(), RejectionCode.DUPLICATE,
                    "an example with exactly these texts is already stored under another id", id, row.payload());
            case NORMALIZED_DUPLICATE -> Rejection.of(row.line(), RejectionCode.NORMALIZED_DUPLICATE,
                    "an example with the same texts after normalization (Unicode NFKC, whitespace, case) "
                            + "is already stored", id, row.payload());
            case NEW -> throw new IllegalArgumentException("a new example is not a duplicate");
        };
    }

    /** Records the refusal (nothing else is stored) and answers 400 with the position of the problem. */
    private ApiException refuse(Upload upload, FieldMapping fieldMapping, long rows, UnreadableUploadException e) {
        UploadReport.Refusal refusal = new UploadReport.Refusal(e.code(), e.getMessage(), e.line(), e.column());
        ObjectRef reportRef = layout.uploadReport(upload.datasetId(), upload.uploadId());
        UploadReport report = new UploadReport(upload.uploadId(), upload.datasetId(), UploadReport.REFUSED,
                upload.format().wireName(), fixedSplitName(upload), fieldMapping, null, null, rows, 0, 0, Map.of(),
                refusal, Instant.now(),
                reportRef, null, null);
        try {
            store.put(reportRef.bucket(), reportRef.key(), VersionDraft.json(report), "application/json");
        } catch (RuntimeException storeFailure) {
            LOG.warnf(storeFailure, "Could not store the refusal report of upload %s", upload.uploadId());
        }
        LOG.infof("Upload %s to %s refused: %s at line %d, column %d", upload.uploadId(), upload.datasetId(),
                e.code(), e.line(), e.column());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("line", e.line());
        details.put("column", e.column());
        details.put("uploadId", upload.uploadId());
        details.put("format", upload.format().wireName());
        return ApiException.badRequest(e.code(), e.getMessage() + " (line " + e.line() + ", column " + e.column()
                + ")", details);
    }

    /**
     * The body stopped arriving (client gone, or silent past the read time-out): nothing is stored, the dataset's
     * lock is released by the caller's unwinding, and one line says so — a client leaving is not a server error.
     */
    private ApiException interrupted(Upload upload, long rows, UploadInterruptedException e) {
        String why = e.timedOut() ? "the client sent nothing for longer than the read time-out"
                : "the client disconnected";
        LOG.warnf("Upload %s to %s ended after %d rows: %s (%s); nothing was stored", upload.uploadId(),
                upload.datasetId(), rows, why, e.getMessage());
        return new ApiException(e.timedOut() ? 408 : 400, e.timedOut() ? "upload-stalled" : "upload-interrupted",
                "the upload ended after " + rows + " rows: " + why + "; nothing was stored",
                Map.of("uploadId", upload.uploadId(), "rowsRead", rows));
    }

    private static String fixedSplitName(Upload upload) {
        return upload.fixedSplit() == null ? null : upload.fixedSplit().wireName();
    }

    /** Writes report.json with every rejection, streamed from the spool. */
    private void storeReport(UploadReport report, RejectionLog rejections) {
        ObjectRef ref = report.report();
        Path file = null;
        try {
            file = spool.newFile("upload-report-", ".json");
            try (OutputStream out = Files.newOutputStream(file);
                 JsonGenerator json = MAPPER.getFactory().createGenerator(out)) {
                json.useDefaultPrettyPrinter();
                json.writeStartObject();
                ObjectNode summary = MAPPER.valueToTree(report);
                for (var field : summary.properties()) {
                    json.writeFieldName(field.getKey());
                    MAPPER.writeTree(json, field.getValue());
                }
                json.writeArrayFieldStart("rejections");
                rejections.forEach(rejection -> {
                    try {
                        MAPPER.writeValue(json, rejection);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                json.writeEndArray();
                json.writeEndObject();
            }
            store.putFile(ref.bucket(), ref.key(), file, "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upload report", e);
        } finally {
            deleteQuietly(file);
        }
    }

    private void publishDeadLetters(Upload upload, RejectionLog rejections) {
        String origin = "upload/" + upload.datasetId() + "/" + upload.uploadId();
        try (DeadLetters.Batch batch = deadLetters.batch()) {
            rejections.forEach(rejection -> batch.add(new DeadLetter(deadLetters.service(), origin, -1,
                    rejection.row(), rejection.exampleId() != null ? rejection.exampleId() : upload.uploadId(),
                    rejection.payload(), rejection.code(), "row " + rejection.row() + ": " + rejection.reason())));
        }
    }

    private static String newUploadId() {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return "up-" + UPLOAD_TIME.format(Instant.now()) + "-" + HexFormat.of().formatHex(random);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debugf(e, "Could not delete %s", file);
            }
        }
    }

    private record Upload(String datasetId, String uploadId, UploadFormat format, Split fixedSplit) {
    }
}

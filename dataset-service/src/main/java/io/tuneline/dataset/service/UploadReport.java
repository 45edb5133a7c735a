package io.tuneline.dataset.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.dataset.mapping.FieldMapping;
import io.tuneline.dataset.validation.Rejection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What became of one upload. The stored {@code report.json} lists every rejection; the HTTP response lists the
 * first ones ({@code rejectionsTruncated} says whether there are more).
 *
 * @param status   {@code version-created}, {@code no-new-examples} (every row rejected or already stored) or
 *                 {@code refused} (the body could not be read; nothing was stored)
 * @param split    the split every accepted row went to, when the upload was marked as one ({@code split=test});
 *                 absent when rows were split by hash
 * @param rowsRead rows found in the body (blank lines excluded)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UploadReport(String uploadId, String datasetId, String status, String format, String split,
                           FieldMapping mapping,
                           String versionId, String parentVersionId, long rowsRead, long accepted, long rejected,
                           Map<String, Long> rejectedByCode, Refusal refusal, Instant createdAt, ObjectRef report,
                           List<Rejection> rejections, Boolean rejectionsTruncated) {

    public static final String VERSION_CREATED = "version-created";
    public static final String NO_NEW_EXAMPLES = "no-new-examples";
    public static final String REFUSED = "refused";

    /** Why and where the body could not be read. */
    public record Refusal(String code, String message, long line, long column) {
    }

    UploadReport withRejections(List<Rejection> listed, Boolean truncated) {
        return new UploadReport(uploadId, datasetId, status, format, split, mapping, versionId, parentVersionId, rowsRead,
                accepted, rejected, rejectedByCode, refusal, createdAt, report, listed, truncated);
    }
}

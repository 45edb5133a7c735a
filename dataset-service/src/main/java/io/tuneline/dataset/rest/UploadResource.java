package io.tuneline.dataset.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.common.rest.Responses;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.ingest.UploadFormat;
import io.tuneline.dataset.mapping.FieldMapping;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.service.DatasetRepository;
import io.tuneline.dataset.service.UploadReport;
import io.tuneline.dataset.service.UploadService;
import io.tuneline.dataset.validation.TextChecks;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Uploads of labelled examples: the body is streamed straight into validation, never held in memory. */
@Path("/api/v1/datasets/{datasetId}/uploads")
@Tag(name = "uploads")
public class UploadResource {

    private static final String MAP_PREFIX = "map.";
    private static final Set<String> MAPPABLE = Set.of(FieldMapping.ID, FieldMapping.INPUT, FieldMapping.OUTPUT,
            FieldMapping.TOPIC, FieldMapping.GROUP, FieldMapping.REFERENCES);

    private final UploadService uploads;
    private final DatasetRepository repository;

    UploadResource(UploadService uploads, DatasetRepository repository) {
        this.uploads = uploads;
        this.repository = repository;
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Consumes({"application/x-ndjson", "application/jsonl", MediaType.APPLICATION_JSON, "text/csv",
            MediaType.APPLICATION_OCTET_STREAM, MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload examples (JSONL, CSV or DialogSum JSONL) into a new version of the dataset",
            description = "Rows are validated one by one; rejected rows are listed in the report and published as "
                    + "dead letters. Field mapping per upload with map.id, map.input, map.output, map.topic, "
                    + "map.group, map.references (comma-separated).")
    @APIResponse(responseCode = "201", description = "A new version was created; Location points at it")
    @APIResponse(responseCode = "200", description = "Read, but nothing new to add (every row rejected)")
    @APIResponse(responseCode = "400", description = "The body is not readable as the format; ApiError with "
            + "details.line and details.column")
    public Response upload(@PathParam("datasetId") String datasetId,
                           @Parameter(description = "jsonl, csv or dialogsum; default from Content-Type")
                           @QueryParam("format") String format,
                           @Parameter(description = "train, validation or test: every accepted row goes to this "
                                   + "split (e.g. an official test set); default: split by hash")
                           @QueryParam("split") String split,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                           @Context UriInfo uriInfo, InputStream body) {
        StorageLayout.id(datasetId);
        UploadFormat uploadFormat = format == null || format.isBlank() ? UploadFormat.fromContentType(contentType)
                : UploadFormat.ofWireName(format).orElseThrow(() -> ApiException.badRequest("unknown-format",
                "format must be one of jsonl, csv, dialogsum; got '" + TextChecks.excerpt(format) + "'"));
        Split fixedSplit = split == null || split.isBlank() ? null : Split.ofWireName(split.strip())
                .orElseThrow(() -> ApiException.badRequest("unknown-split", "split must be one of "
                        + Arrays.stream(Split.values()).map(Split::wireName).toList() + "; got '"
                        + TextChecks.excerpt(split) + "'"));
        UploadReport report = uploads.upload(datasetId, body, uploadFormat, mapping(uriInfo), fixedSplit);
        if (report.versionId() == null) {
            return Response.ok(report).build();
        }
        return Responses.created(URI.create("/api/v1/datasets/" + datasetId + "/versions/" + report.versionId()),
                report);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{uploadId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The full report of an upload, with every rejected row")
    public InputStream report(@PathParam("datasetId") String datasetId, @PathParam("uploadId") String uploadId) {
        return repository.uploadReport(StorageLayout.id(datasetId), StorageLayout.id(uploadId));
    }

    private static Map<String, String> mapping(UriInfo uriInfo) {
        Map<String, String> mapping = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : uriInfo.getQueryParameters().entrySet()) {
            if (!parameter.getKey().startsWith(MAP_PREFIX)) {
                continue;
            }
            String field = parameter.getKey().substring(MAP_PREFIX.length());
            if (!MAPPABLE.contains(field)) {
                throw ApiException.badRequest("unknown-mapping", "'" + TextChecks.excerpt(parameter.getKey())
                        + "' maps no known field; use map.<field> with field one of " + MAPPABLE);
            }
            mapping.put(field, parameter.getValue().get(0));
        }
        return mapping;
    }
}

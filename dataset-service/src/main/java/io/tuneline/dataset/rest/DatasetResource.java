package io.tuneline.dataset.rest;

import io.tuneline.common.security.Role;
import io.tuneline.contracts.dataset.DatasetSummary;
import io.tuneline.contracts.dataset.VersionSummary;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.common.rest.QueryParameters;
import io.tuneline.contracts.dataset.DatasetManifest;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.dataset.model.Example;
import io.tuneline.dataset.model.Split;
import io.tuneline.dataset.service.DatasetRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Read access to datasets, their versions and their examples. */
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {

    private final DatasetRepository repository;

    DatasetResource(DatasetRepository repository) {
        this.repository = repository;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List datasets", description = "Every dataset with at least one version.")
    public List<DatasetSummary> list() {
        return repository.datasetIds().stream().map(this::summary).flatMap(Optional::stream).toList();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}")
    @Operation(summary = "One dataset and its latest version")
    public DatasetSummary get(@PathParam("datasetId") String datasetId) {
        return summary(StorageLayout.id(datasetId)).orElseThrow(() -> notFound(datasetId));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/versions")
    @Operation(summary = "List a dataset's versions, oldest first")
    public List<VersionSummary> versions(@PathParam("datasetId") String datasetId) {
        List<DatasetManifest> versions = repository.versions(StorageLayout.id(datasetId));
        if (versions.isEmpty()) {
            throw notFound(datasetId);
        }
        return versions.stream().map(VersionSummary::of).toList();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/versions/{versionId}")
    @Operation(summary = "A version's manifest",
            description = "Counts, split files with SHA-256, split policy, parent and length statistics per split.")
    public DatasetManifest version(@PathParam("datasetId") String datasetId,
                                   @PathParam("versionId") String versionId) {
        return repository.manifest(StorageLayout.id(datasetId), StorageLayout.id(versionId));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/versions/{versionId}/splits/{split}/examples")
    @Operation(summary = "A page of a split's examples, in file order")
    public ExamplePage examples(@PathParam("datasetId") String datasetId, @PathParam("versionId") String versionId,
                                @PathParam("split") String splitName,
                                @Parameter(description = "0 or more (default 0)") @QueryParam("offset")
                                String offsetParameter,
                                @Parameter(description = "1 to 1000 (default 50)") @QueryParam("limit")
                                String limitParameter) {
        long offset = QueryParameters.longValue("offset", offsetParameter, 0, 0, Long.MAX_VALUE);
        int limit = QueryParameters.intValue("limit", limitParameter, 50, 1, 1000);
        Split split = Split.ofWireName(splitName).orElseThrow(() -> ApiException.badRequest("unknown-split",
                "split must be one of " + Arrays.stream(Split.values()).map(Split::wireName).toList()));
        DatasetManifest manifest = repository.manifest(StorageLayout.id(datasetId), StorageLayout.id(versionId));
        List<Example> items = repository.examples(manifest, split, offset, limit);
        long total = manifest.counts().getOrDefault(split.wireName(), 0L);
        Long next = offset + items.size() < total ? offset + items.size() : null;
        return new ExamplePage(datasetId, versionId, split.wireName(), offset, limit, total, next, items);
    }

    private Optional<DatasetSummary> summary(String datasetId) {
        List<String> versionIds = repository.versionIds(datasetId);
        if (versionIds.isEmpty()) {
            return Optional.empty();
        }
        DatasetManifest latest = repository.manifest(datasetId, versionIds.get(versionIds.size() - 1));
        return Optional.of(new DatasetSummary(datasetId, latest.versionId(), versionIds.size(),
                latest.totalExamples(), latest.counts(), latest.createdAt()));
    }

    private static ApiException notFound(String datasetId) {
        return ApiException.notFound("dataset-not-found", "no dataset '" + datasetId + "'");
    }
}

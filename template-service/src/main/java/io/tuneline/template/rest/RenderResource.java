package io.tuneline.template.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.common.rest.Responses;
import io.tuneline.common.rest.QueryParameters;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.template.service.RenderManifest;
import io.tuneline.template.service.RenderService;
import io.tuneline.template.service.RenderStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/renders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Renders", description = "Rendering runs: dataset splits into prompt/completion JSONL files")
public class RenderResource {

    private final RenderService renders;
    private final RenderStore store;

    RenderResource(RenderService renders, RenderStore store) {
        this.renders = renders;
        this.store = store;
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Operation(summary = "Render a dataset version with a task's templates; answers with the manifest once the "
            + "files are written and PromptsRendered is published")
    public Response render(RenderService.RenderRequest request, @Context UriInfo uri) {
        if (Bodies.required(request).datasetId() == null || request.versionId() == null) {
            throw ApiException.badRequest("invalid-render", "give datasetId and versionId");
        }
        RenderManifest manifest = renders.renderDatasetVersion(request, null, "request");
        return Responses.created(uri, manifest, manifest.datasetId(), manifest.versionId(), manifest.renderId());
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/{versionId}")
    @Operation(summary = "Every render of a dataset version, newest first (their manifests)")
    public List<RenderManifest> list(@PathParam("datasetId") String datasetId,
                                     @PathParam("versionId") String versionId) {
        return store.list(StorageLayout.id(datasetId), StorageLayout.id(versionId));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/{versionId}/{renderId}")
    @Operation(summary = "The manifest of a render")
    public RenderManifest get(@PathParam("datasetId") String datasetId, @PathParam("versionId") String versionId,
                              @PathParam("renderId") String renderId) {
        return store.requireManifest(StorageLayout.id(datasetId), StorageLayout.id(versionId),
                StorageLayout.id(renderId));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{datasetId}/{versionId}/{renderId}/splits/{split}/prompts")
    @Operation(summary = "A page of a render's prompt lines (prompt, completion, task, templateId, exampleId)")
    public RenderStore.PromptPage prompts(@PathParam("datasetId") String datasetId,
                                          @PathParam("versionId") String versionId,
                                          @PathParam("renderId") String renderId,
                                          @PathParam("split") String split,
                                          @Parameter(description = "0 or more (default 0)")
                                          @QueryParam("offset") String offset,
                                          @Parameter(description = "1 to 1000 (default 50)")
                                          @QueryParam("limit") String limit) {
        return store.prompts(StorageLayout.id(datasetId), StorageLayout.id(versionId), StorageLayout.id(renderId),
                StorageLayout.id(split), QueryParameters.longValue("offset", offset, 0, 0, Long.MAX_VALUE),
                QueryParameters.intValue("limit", limit, 50, 1, 1000));
    }
}

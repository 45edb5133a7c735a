package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiException;
import io.tuneline.template.service.RenderManifest;
import io.tuneline.template.service.RenderService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/v1/renders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Renders", description = "Rendering runs: dataset splits into prompt/completion JSONL files")
public class RenderResource {

    private final RenderService renders;

    RenderResource(RenderService renders) {
        this.renders = renders;
    }

    @POST
    @Operation(summary = "Render a dataset version with a task's templates; answers with the manifest once the "
            + "files are written and PromptsRendered is published")
    public Response render(RenderService.RenderRequest request, @Context UriInfo uri) {
        if (Bodies.required(request).datasetId() == null || request.versionId() == null) {
            throw ApiException.badRequest("invalid-render", "give datasetId and versionId");
        }
        RenderManifest manifest = renders.renderDatasetVersion(request, null, "request");
        return Bodies.created(uri, manifest, manifest.datasetId(), manifest.versionId(), manifest.renderId());
    }

    @GET
    @Path("/{datasetId}/{versionId}/{renderId}")
    @Operation(summary = "The manifest of a render")
    public RenderManifest get(@PathParam("datasetId") String datasetId, @PathParam("versionId") String versionId,
                              @PathParam("renderId") String renderId) {
        return renders.manifest(datasetId, versionId, renderId).orElseThrow(() -> ApiException.notFound(
                "unknown-render", "no render '" + renderId + "' of " + datasetId + "/" + versionId));
    }
}

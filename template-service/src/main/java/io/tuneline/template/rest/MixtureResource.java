package io.tuneline.template.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.Responses;
import io.tuneline.template.library.Mixture;
import io.tuneline.template.service.MixtureRegistry;
import io.tuneline.template.service.RenderManifest;
import io.tuneline.template.service.RenderService;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/mixtures")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Mixtures", description = "Weighted multi-task mixtures that replay general tasks against forgetting")
public class MixtureResource {

    private final MixtureRegistry mixtures;
    private final RenderService renders;

    MixtureResource(MixtureRegistry mixtures, RenderService renders) {
        this.mixtures = mixtures;
        this.renders = renders;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List mixtures")
    public List<Mixture> list() {
        return mixtures.all();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{name}")
    @Operation(summary = "One mixture")
    public Mixture get(@PathParam("name") String name) {
        return mixtures.require(name);
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Operation(summary = "Define a mixture: components (task, templates, source, weight), totalExamples, seed")
    public Response create(Mixture mixture, @Context UriInfo uri) {
        Mixture created = mixtures.create(Bodies.required(mixture));
        return Responses.created(uri, created, created.name());
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Path("/{name}/renders")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Render a mixture; answers with the manifest once PromptsRendered is published")
    public Response render(@PathParam("name") String name, @QueryParam("maxInputTokens") Integer maxInputTokens) {
        RenderManifest manifest = renders.renderMixture(mixtures.require(name), maxInputTokens);
        return Responses.created(manifest);
    }
}

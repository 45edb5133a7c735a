package io.tuneline.template.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.Responses;
import io.tuneline.template.library.PromptTemplate;
import io.tuneline.template.service.PreviewService;
import io.tuneline.template.service.TemplateRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

@Path("/api/v1/templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Templates", description = "The FLAN-style template library: shipped, custom and imported phrasings")
public class TemplateResource {

    private final TemplateRegistry templates;
    private final PreviewService previews;

    TemplateResource(TemplateRegistry templates, PreviewService previews) {
        this.templates = templates;
        this.previews = previews;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List templates, optionally of one task")
    public List<PromptTemplate> list(@QueryParam("task") String task) {
        return templates.all(task);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{id}")
    @Operation(summary = "One template")
    public PromptTemplate get(@PathParam("id") String id) {
        return templates.require(id);
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Operation(summary = "Add a custom template; 400 with the problems and their positions if it is invalid")
    public Response add(PromptTemplate template, @Context UriInfo uri) {
        PromptTemplate created = templates.add(Bodies.required(template));
        return Responses.created(uri, created, created.id());
    }

    @DELETE
    @RolesAllowed(Role.DATA_EDITOR)
    @Path("/{id}")
    @Operation(summary = "Delete a custom template (shipped ones cannot be deleted)")
    public Response delete(@PathParam("id") String id) {
        templates.delete(id);
        return Response.noContent().build();
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Path("/import")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Import a promptsource templates.yaml as it is (all or nothing) into a task "
            + "(default: the file's dataset)")
    public Response importPromptsource(String yaml, @QueryParam("task") String task) {
        if (yaml == null || yaml.isBlank()) {
            throw Bodies.missing();
        }
        return Responses.created(templates.importPromptsource(yaml, task));
    }

    @POST
    @RolesAllowed(Role.VIEWER)
    @Path("/preview")
    @Operation(summary = "Render a stored or an unsaved template on a row (default: the task's sample)")
    public PreviewService.Preview preview(PreviewService.PreviewRequest request) {
        return previews.preview(Bodies.required(request));
    }
}

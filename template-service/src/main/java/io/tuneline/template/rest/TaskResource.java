package io.tuneline.template.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.Responses;
import io.tuneline.template.library.TaskDefinition;
import io.tuneline.template.service.TaskRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Tasks", description = "Tasks and their input schemas (the fields templates may use)")
public class TaskResource {

    private final TaskRegistry tasks;

    TaskResource(TaskRegistry tasks) {
        this.tasks = tasks;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "List the shipped and custom tasks")
    public List<TaskDefinition> list() {
        return tasks.all();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{name}")
    @Operation(summary = "One task with its fields, data field, replay set and sample row")
    public TaskDefinition get(@PathParam("name") String name) {
        return tasks.require(name);
    }

    @POST
    @RolesAllowed(Role.DATA_EDITOR)
    @Operation(summary = "Declare a custom task (e.g. before importing promptsource templates for a new dataset)")
    public Response create(TaskDefinition task, @Context UriInfo uri) {
        TaskDefinition created = tasks.create(Bodies.required(task));
        return Responses.created(uri, created, created.name());
    }
}

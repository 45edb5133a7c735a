package io.tuneline.trainer.rest;

import io.tuneline.common.rest.Responses;
import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.api.BaseModel;
import io.tuneline.trainer.service.BaseModelRegistry;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The base-model registry. A model is uploaded file by file ({@code PUT …/files/{path}}, each body streamed to
 * object storage) and then registered, or registered straight from a folder already in object storage.
 */
@Path("/api/v1/base-models")
@Tag(name = "base-models")
public class BaseModelResource {

    /** What {@code POST /api/v1/base-models} takes. */
    public record Registration(String name, String location) {
    }

    private final BaseModelRegistry registry;

    BaseModelResource(BaseModelRegistry registry) {
        this.registry = registry;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Registered base models with their config summary")
    public List<BaseModel> list() {
        return registry.list();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{name}")
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "404", description = "unknown-base-model")
    public BaseModel get(@PathParam("name") String name) {
        return registry.find(name).orElseThrow(() -> ApiException.notFound(BaseModelRegistry.ERROR_UNKNOWN_BASE_MODEL,
                "no registered base model '" + name + "'"));
    }

    @POST
    @RolesAllowed(Role.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a Hugging Face folder under a name",
            description = "location: an s3://bucket/prefix/ folder holding config.json (and model.safetensors, "
                    + "tokenizer.json); without it, the folder uploaded with PUT /{name}/files/…")
    @APIResponse(responseCode = "201", description = "Registered; the body has the config summary")
    @APIResponse(responseCode = "400", description = "bad-name, bad-location or not-a-model (no config.json, "
            + "unreadable safetensors header)")
    public Response register(Registration registration) {
        if (registration == null) {
            throw ApiException.badRequest("bad-name", "a body {\"name\":…,\"location\":…} is required");
        }
        BaseModel model = registry.register(registration.name(), registration.location());
        return Responses.created(URI.create("/api/v1/base-models/" + model.name()), model);
    }

    @PUT
    @RolesAllowed(Role.TRAINER)
    @Path("{name}/files/{path: .+}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload one file of a model folder (streamed; GB-sized safetensors are fine)")
    @APIResponse(responseCode = "400", description = "bad-name or bad-file-name")
    public Map<String, String> putFile(@PathParam("name") String name, @PathParam("path") String path,
                                       InputStream body) {
        ObjectRef stored = registry.putFile(name, path, body);
        return Map.of("stored", stored.toString());
    }
}

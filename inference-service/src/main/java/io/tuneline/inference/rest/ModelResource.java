package io.tuneline.inference.rest;

import io.tuneline.common.security.Role;
import io.tuneline.contracts.api.ServedModelStatus;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.inference.config.InferenceConfig;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.inference.service.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET /api/v1/models}: what each model name serves, what is loading, why the latest load failed, and which
 * LoRA adapters are loaded on its base.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;
    private final InferenceConfig config;

    ModelResource(ModelRegistry registry, InferenceConfig config) {
        this.registry = registry;
        this.config = config;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "The served models: version, loading, last load failure, load, loaded adapters")
    public List<ServedModelStatus> models() {
        return registry.all().stream().map(this::status).toList();
    }

    private ServedModelStatus status(ServedModel slot) {
        LoadedModel current = slot.current();
        List<ServedModelStatus.LoadedAdapter> adapters = current == null ? List.of()
                : current.base().adapters().loaded().stream()
                        .map(adapter -> new ServedModelStatus.LoadedAdapter(adapter.version().adapter(),
                                adapter.version(), adapter.leases()))
                        .toList();
        return new ServedModelStatus(slot.name(), current == null ? null : current.version(), slot.loading(),
                slot.lastFailure(),
                current == null ? 0 : current.leases(), current == null ? 0 : current.batcher().batchSize(),
                current == null ? 0 : current.batcher().queueDepth(), config.batching().enabled(), adapters,
                config.adapters().maxLoaded());
    }
}

package io.tuneline.trainer.rest;

import io.tuneline.common.rest.ServiceStatus;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
public class StatusResource {

    private final ServiceStatus status;

    StatusResource(@ConfigProperty(name = "quarkus.application.name") String service,
                   @ConfigProperty(name = "quarkus.application.version") String version) {
        this.status = new ServiceStatus(service, version,
                "Fine-tunes FLAN-T5 models on rendered prompts and publishes checkpoints",
                List.of("health, OpenAPI and metrics", "Kafka and S3 wiring check (GET /wiring)"),
                List.of("consume tuneline.prompts-rendered and start a training run",
                        "publish training.progress, training.completed / training.failed",
                        "write checkpoints to the checkpoints bucket"));
    }

    @GET
    @Operation(summary = "Who this service is and what it does")
    public ServiceStatus status() {
        return status;
    }
}

package io.tuneline.common.rest;

import io.tuneline.common.config.ServiceDescriptionConfig;
import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Every service answers who it is, which build, and what it does ({@code tuneline.service.*}). */
@Path("/api/v1/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "status")
public class StatusResource {

    private final ServiceStatus status;

    StatusResource(@ConfigProperty(name = "quarkus.application.name") String service,
                   @ConfigProperty(name = "quarkus.application.version") String version,
                   ServiceDescriptionConfig description) {
        this.status = new ServiceStatus(service, version, description.role(),
                description.capabilities().orElse(List.of()), description.planned().orElse(List.of()));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "Who this service is and what it does")
    public ServiceStatus status() {
        return status;
    }
}

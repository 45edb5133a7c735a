package io.tuneline.common.wiring;

import io.tuneline.contracts.api.ProbeResult;
import io.tuneline.contracts.api.WiringStatus;
import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every service's view of its own wiring: the last Kafka and S3 round trip, and a way to run one now. */
@Path("/wiring")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "wiring", description = "Kafka and S3 round trips of this service")
public class WiringResource {

    private final WiringCheck wiring;

    WiringResource(WiringCheck wiring) {
        this.wiring = wiring;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "The result of the last wiring check")
    public WiringStatus status() {
        return wiring.status();
    }

    @POST
    @RolesAllowed(Role.ADMIN)
    @Path("/check")
    @Operation(summary = "Runs the Kafka and S3 round trips now; 200 when both pass, 503 otherwise")
    public Response check() {
        WiringStatus status = wiring.check();
        return Response.status(status.allOk() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(status)
                .build();
    }
}

package io.tuneline.common.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** A resource shaped like the services': a read, a state change (audited), an inference call (rate limited). */
@Path("/api/v1/probe-secured")
@Produces(MediaType.APPLICATION_JSON)
public class ProbeSecuredResource {

    @GET
    @RolesAllowed(Role.VIEWER)
    public Map<String, String> read() {
        return Map.of("read", "ok");
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.TRAINER)
    public Map<String, String> change(Map<String, Object> body) {
        return Map.of("changed", "ok");
    }

    @POST
    @Path("/infer")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Role.INFERENCE)
    public Map<String, String> infer(Map<String, Object> body) {
        return Map.of("answer", "ok");
    }
}

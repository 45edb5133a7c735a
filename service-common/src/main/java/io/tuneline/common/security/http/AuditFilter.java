package io.tuneline.common.security.http;

import io.tuneline.common.security.AuditTrail;
import io.tuneline.common.security.RequiredRoles;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.security.Principal;
import java.util.List;

/** Audits every state-changing call ({@link RequiredRoles#audited}) once its answer is known, refusals included. */
public class AuditFilter {

    private final AuditTrail trail;

    AuditFilter(AuditTrail trail) {
        this.trail = trail;
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        List<String> roles = RequiredRoles.of(resource);
        if (!RequiredRoles.audited(request.getMethod(), roles)) {
            return;
        }
        String action = request.getMethod() + " /" + request.getUriInfo().getPath().replaceFirst("^/", "");
        trail.recordCall(actor(request.getSecurityContext()), action, response.getStatus(), roles);
    }

    private static String actor(SecurityContext security) {
        try {
            Principal principal = security == null ? null : security.getUserPrincipal();
            return principal == null || principal.getName() == null ? "anonymous" : principal.getName();
        } catch (RuntimeException refusedToken) {
            return "anonymous";
        }
    }
}

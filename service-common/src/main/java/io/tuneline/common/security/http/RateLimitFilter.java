package io.tuneline.common.security.http;

import io.tuneline.common.security.RateLimiter;
import io.tuneline.common.security.RequiredRoles;
import io.tuneline.common.security.Role;
import io.tuneline.common.security.SecurityConfig;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.tuneline.common.rest.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Per-caller rate limit on the inference endpoints (those that need {@link Role#INFERENCE}): 429 with
 * {@code Retry-After}. The caller is the token's principal; unauthenticated calls share one bucket and are refused
 * by the role check anyway. In {@code open} mode (one local user on loopback) there is no limit: everybody is the
 * same caller there, and {@code ./tuneline bench serve} must measure the service, not the limiter.
 */
public class RateLimitFilter {

    public static final String ERROR_RATE_LIMITED = "rate-limited";

    private final RateLimiter limiter;
    private final CurrentIdentityAssociation identity;
    private final boolean open;

    RateLimitFilter(RateLimiter limiter, CurrentIdentityAssociation identity, SecurityConfig config) {
        this.limiter = limiter;
        this.identity = identity;
        this.open = config.mode() == SecurityConfig.Mode.OPEN;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request, ResourceInfo resource) {
        if (open || !RequiredRoles.rateLimited(RequiredRoles.of(resource))) {
            return Uni.createFrom().nullItem();
        }
        return identity.getDeferredIdentity()
                .map(RateLimitFilter::caller)
                .onFailure().recoverWithItem("anonymous")
                .map(this::refuseIfOverLimit);
    }

    private Response refuseIfOverLimit(String caller) {
        OptionalLong retryAfter = limiter.tryAcquire(caller);
        if (retryAfter.isEmpty()) {
            return null;
        }
        return Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.RETRY_AFTER, retryAfter.getAsLong())
                .entity(new ApiError(ERROR_RATE_LIMITED, "too many requests from this caller; retry after "
                        + retryAfter.getAsLong() + " s", Map.of("retryAfterSeconds", retryAfter.getAsLong())))
                .build();
    }

    private static String caller(SecurityIdentity identity) {
        return identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName();
    }
}

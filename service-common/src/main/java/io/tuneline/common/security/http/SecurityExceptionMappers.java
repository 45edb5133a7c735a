package io.tuneline.common.security.http;

import io.tuneline.common.security.RequiredRoles;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.tuneline.common.rest.ApiError;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;
import java.util.Map;

/**
 * 401 and 403 as {@link ApiError}s: a caller (or a script) learns whether its token was missing or refused, and
 * which role the call needs. Authentication is lazy ({@code quarkus.http.auth.proactive=false}), so a bad token
 * also arrives here rather than as Quarkus's bare 401.
 */
public class SecurityExceptionMappers {

    public static final String ERROR_UNAUTHENTICATED = "unauthenticated";
    public static final String ERROR_INVALID_TOKEN = "invalid-token";
    public static final String ERROR_MISSING_ROLE = "missing-role";

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized(ApiError.of(ERROR_UNAUTHENTICATED,
                "this call needs a bearer token (Authorization: Bearer <token>) from the configured issuer"));
    }

    /** Expired, from another issuer, badly signed or unreadable; the reason stays in the debug log, not the answer. */
    @ServerExceptionMapper
    public Response invalidToken(AuthenticationFailedException e) {
        return unauthorized(ApiError.of(ERROR_INVALID_TOKEN,
                "the bearer token was refused (expired, from another issuer, badly signed or malformed)"));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource) {
        List<String> roles = RequiredRoles.of(resource);
        String needed = roles.isEmpty() ? "a role this caller does not have" : "the role '"
                + String.join("' or '", roles) + "'";
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(ERROR_MISSING_ROLE, "this call needs " + needed + " (admin has every role)",
                        Map.of("requiredRoles", roles)))
                .build();
    }

    private static Response unauthorized(ApiError error) {
        return Response.status(401).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .entity(error)
                .build();
    }
}

package io.tuneline.common.security;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/** The roles a resource method asks for: its own {@code @RolesAllowed}, else its class's. */
public final class RequiredRoles {

    /** Calls that only read or compute: not audited even when they are POSTs (inference, ROUGE, previews). */
    private static final Set<String> NON_MUTATING_ROLES = Set.of(Role.VIEWER, Role.INFERENCE);

    private RequiredRoles() {
    }

    public static List<String> of(ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return List.of();
        }
        return of(resource.getResourceMethod(), resource.getResourceClass());
    }

    public static List<String> of(Method method, Class<?> resourceClass) {
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && resourceClass != null) {
            roles = resourceClass.getAnnotation(RolesAllowed.class);
        }
        return roles == null ? List.of() : List.of(roles.value());
    }

    /** A state-changing call: a write method on an endpoint that needs more than reading or inference. */
    public static boolean audited(String httpMethod, List<String> roles) {
        boolean write = switch (httpMethod) {
            case "POST", "PUT", "DELETE", "PATCH" -> true;
            default -> false;
        };
        return write && !roles.isEmpty() && !NON_MUTATING_ROLES.containsAll(roles);
    }

    /** The inference endpoints: rate limited per caller. */
    public static boolean rateLimited(List<String> roles) {
        return roles.contains(Role.INFERENCE);
    }
}

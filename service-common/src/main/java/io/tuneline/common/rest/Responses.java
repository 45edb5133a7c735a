package io.tuneline.common.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/**
 * The one way services answer 201 Created: with the entity and a {@code Location}. (404 is
 * {@link ApiException#notFound}: the service's own error code and a message naming what is missing.)
 */
public final class Responses {

    private Responses() {
    }

    /** 201 located at the request URL followed by {@code pathSegments} (each one encoded as a segment). */
    public static Response created(UriInfo uri, Object entity, String... pathSegments) {
        UriBuilder location = uri.getAbsolutePathBuilder();
        for (String segment : pathSegments) {
            location.segment(segment);
        }
        return Response.created(location.build()).entity(entity).build();
    }

    /** 201 without a {@code Location}: what was created has no single address (e.g. several imported templates). */
    public static Response created(Object entity) {
        return Response.status(Response.Status.CREATED).entity(entity).build();
    }

    /** 201 located at {@code location} (absolute, or a path the server resolves against the request). */
    public static Response created(URI location, Object entity) {
        return Response.created(location).entity(entity).build();
    }
}

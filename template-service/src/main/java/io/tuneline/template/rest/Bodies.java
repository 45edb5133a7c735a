package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/** Request and response bodies the resources share: a missing body is a 400, a created entity a 201 with its URL. */
final class Bodies {

    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw missing();
        }
        return body;
    }

    static ApiException missing() {
        return ApiException.badRequest("missing-body", "the request needs a body");
    }

    /** 201 Created with the entity, located at the request URL followed by {@code pathSegments}. */
    static Response created(UriInfo uri, Object entity, String... pathSegments) {
        UriBuilder location = uri.getAbsolutePathBuilder();
        for (String segment : pathSegments) {
            location.path(segment);
        }
        return Response.created(location.build()).entity(entity).build();
    }
}

package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiError;
import io.tuneline.template.service.RenderNotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The render domain's exceptions as HTTP answers: the service layer knows nothing of statuses. */
public class RenderExceptionMappers {

    public static final String UNKNOWN_RENDER = "unknown-render";

    @ServerExceptionMapper
    public Response renderNotFound(RenderNotFoundException e) {
        return Response.status(404).type(MediaType.APPLICATION_JSON)
                .entity(ApiError.of(UNKNOWN_RENDER, e.getMessage())).build();
    }
}

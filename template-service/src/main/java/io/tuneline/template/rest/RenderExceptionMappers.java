package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiError;
import io.tuneline.template.service.DatasetVersionNotFoundException;
import io.tuneline.template.service.InvalidRenderException;
import io.tuneline.template.service.RenderNotFoundException;
import io.tuneline.template.service.RenderRejectedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The render domain's exceptions as HTTP answers: the service layer knows nothing of statuses. */
public class RenderExceptionMappers {

    public static final String UNKNOWN_RENDER = "unknown-render";

    @ServerExceptionMapper
    public Response renderNotFound(RenderNotFoundException e) {
        return answer(404, ApiError.of(UNKNOWN_RENDER, e.getMessage()));
    }

    /** The version or one of its split files is missing: 404 with the reason as the error code. */
    @ServerExceptionMapper
    public Response datasetVersionNotFound(DatasetVersionNotFoundException e) {
        return answer(404, rejection(e));
    }

    @ServerExceptionMapper
    public Response invalidRender(InvalidRenderException e) {
        return answer(400, rejection(e));
    }

    private static ApiError rejection(RenderRejectedException e) {
        return new ApiError(e.reason(), e.getMessage(), e.details());
    }

    private static Response answer(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(error).build();
    }
}

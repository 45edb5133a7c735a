package io.tuneline.inference.rest;

import io.tuneline.common.rest.ApiError;
import io.tuneline.inference.service.InferenceException;
import io.tuneline.inference.service.QueueFullException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A full queue is a 429 with {@code Retry-After}; the other answers come from service-common's mappers. */
public class InferenceExceptionMappers {

    @ServerExceptionMapper
    public Response queueFull(QueueFullException e) {
        return Response.status(429)
                .header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(InferenceException.ERROR_QUEUE_FULL, e.getMessage(),
                        Map.of("retryAfterSeconds", e.retryAfterSeconds())))
                .build();
    }
}

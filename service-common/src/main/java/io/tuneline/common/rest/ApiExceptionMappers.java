package io.tuneline.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Turns every exception that leaves a resource into an {@link ApiError} with a fitting status. */
public class ApiExceptionMappers {

    public static final String ERROR_VALIDATION = "validation-failed";
    public static final String ERROR_INVALID_JSON = "invalid-json";
    public static final String ERROR_INVALID_ARGUMENT = "invalid-argument";
    public static final String ERROR_INTERNAL = "internal-error";

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response apiException(ApiException e) {
        return answer(e.status(), e.toApiError());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<Map<String, String>> violations = e.getConstraintViolations().stream()
                .map(ApiExceptionMappers::violation)
                .toList();
        return answer(400, new ApiError(ERROR_VALIDATION, "the request is invalid: " + violations.size()
                + " violation(s)", Map.of("violations", violations)));
    }

    /** A body that is not JSON, or JSON that does not fit the expected shape. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response invalidJson(JsonProcessingException e) {
        return answer(400, ApiError.of(ERROR_INVALID_JSON, "the request body is not valid JSON for this endpoint: "
                + e.getOriginalMessage()));
    }

    /** Unsafe ids and other refused arguments (e.g. from {@code StorageLayout.id}) are the caller's mistake. */
    @ServerExceptionMapper
    public Response illegalArgument(IllegalArgumentException e) {
        return answer(400, ApiError.of(ERROR_INVALID_ARGUMENT, e.getMessage()));
    }

    /** JAX-RS's own answers (unknown path, wrong method, unsupported media type) keep their status. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        // Quarkus REST reports an unreadable body as a plain 400 that wraps the Jackson error.
        if (e.getCause() instanceof JsonProcessingException jsonError) {
            return invalidJson(jsonError);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            return internalError(e);
        }
        String code = status.getReasonPhrase().toLowerCase().replace(' ', '-');
        return answer(status.getStatusCode(), ApiError.of(code, e.getMessage()));
    }

    /** Anything unexpected: logged with an id that the answer carries, without internals. */
    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        return internalError(e);
    }

    private static Response internalError(Exception e) {
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "Request failed (incident %s)", incident);
        return answer(500, new ApiError(ERROR_INTERNAL, "the request failed on the server; see the log for incident "
                + incident, Map.of("incident", incident)));
    }

    private static Map<String, String> violation(ConstraintViolation<?> violation) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("field", violation.getPropertyPath().toString());
        entry.put("message", violation.getMessage());
        return entry;
    }

    private static Response answer(int status, ApiError error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(error).build();
    }
}

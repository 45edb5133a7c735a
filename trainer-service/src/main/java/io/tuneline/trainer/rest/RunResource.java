package io.tuneline.trainer.rest;

import io.tuneline.common.rest.Responses;
import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.smallrye.mutiny.Multi;
import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.contracts.api.RunState;
import io.tuneline.trainer.run.RunUpdate;
import io.tuneline.contracts.api.TrainingRun;
import io.tuneline.trainer.service.RunService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Fine-tuning runs: create from a spec, list, inspect with metric history, cancel, follow live. */
@Path("/api/v1/runs")
@Tag(name = "runs")
public class RunResource {

    private final RunService runs;

    RunResource(RunService runs) {
        this.runs = runs;
    }

    @POST
    @RolesAllowed(Role.TRAINER)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a fine-tuning run from a run spec",
            description = "The spec is validated (every bad field is named in details.fields); baseModel may be a "
                    + "registered base model, an s3:// folder or a local folder. The run is queued on the configured "
                    + "executor.")
    @APIResponse(responseCode = "201", description = "Created; Location points at the run")
    @APIResponse(responseCode = "400", description = "invalid-spec or unknown-base-model, naming the field")
    public Response create(RunSpec spec) {
        TrainingRun run = runs.create(spec, "api");
        return Responses.created(URI.create("/api/v1/runs/" + run.runId()), run);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List runs, newest first")
    @APIResponse(responseCode = "400", description = "unknown state")
    public List<TrainingRun> list(@Parameter(description = "QUEUED, PENDING, RUNNING, RESTARTING, SUCCEEDED, FAILED "
                                          + "or CANCELLED") @QueryParam("state") String state,
                                  @QueryParam("datasetId") String datasetId) {
        return runs.list(state == null || state.isBlank() ? null : state(state), datasetId);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{runId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A run: spec, state with reason, attempts, metric history, checkpoints")
    @APIResponse(responseCode = "404", description = "run-not-found")
    public TrainingRun get(@PathParam("runId") String runId) {
        return runs.get(runId);
    }

    @POST
    @RolesAllowed(Role.TRAINER)
    @Path("{runId}/cancel")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel a run: its worker is killed (or its Job and Pods deleted)")
    @APIResponse(responseCode = "404", description = "run-not-found")
    @APIResponse(responseCode = "409", description = "run-finished: the run already ended")
    public TrainingRun cancel(@PathParam("runId") String runId) {
        return runs.cancel(runId);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{runId}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Live progress as server-sent events",
            description = "The current state first, then one event per change (state, newest metrics); the stream "
                    + "ends when the run does.")
    public Multi<RunUpdate> events(@PathParam("runId") String runId) {
        return runs.updates(runId);
    }

    private static RunState state(String value) {
        try {
            return RunState.valueOf(value.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown-state", "state must be one of "
                    + Arrays.toString(RunState.values()) + ", not '" + value + "'", Map.of("field", "state"));
        }
    }
}

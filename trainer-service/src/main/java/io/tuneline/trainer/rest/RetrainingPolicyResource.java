package io.tuneline.trainer.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.trainer.retraining.RetrainingPolicy;
import io.tuneline.trainer.service.RetrainingService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** Per-dataset retraining policies: when rendered prompts start a run with no human step. */
@Path("/api/v1/retraining-policies")
@Tag(name = "retraining")
public class RetrainingPolicyResource {

    private final RetrainingService retraining;

    RetrainingPolicyResource(RetrainingService retraining) {
        this.retraining = retraining;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Policies set over REST (datasets without one use the configured default)")
    public List<RetrainingPolicy> list() {
        return retraining.storedPolicies();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("{datasetId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The policy in force for a dataset (its own or the default)")
    public RetrainingPolicy get(@PathParam("datasetId") String datasetId) {
        return retraining.policy(datasetId);
    }

    @PUT
    @RolesAllowed(Role.TRAINER)
    @Path("{datasetId}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set a dataset's policy: enabled, minNewExamples, minInterval (ISO-8601), specTemplate")
    @APIResponse(responseCode = "400", description = "invalid-policy, naming the field")
    public RetrainingPolicy put(@PathParam("datasetId") String datasetId, RetrainingPolicy policy) {
        return retraining.putPolicy(datasetId, policy);
    }
}

package io.tuneline.eval.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.PromotedModel;
import io.tuneline.eval.service.PromotionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A person in the loop: see which model serves a name, promote or reject an evaluated candidate. */
@Path("/api/v1/models/{modelName}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Model decisions", description = "The promoted model of a name; manual promotion and rejection")
public class ModelDecisionResource {

    /** Which evaluation's candidate, and why (required to reject). */
    public record DecisionRequest(String evaluationId, String reason) {
    }

    private final PromotionService promotions;

    ModelDecisionResource(PromotionService promotions) {
        this.promotions = promotions;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/promoted")
    @Operation(summary = "The checkpoint serving this name now, who promoted it and why")
    public PromotedModel promoted(@PathParam("modelName") String modelName) {
        return promotions.promoted(modelName).orElseThrow(() -> ApiException.notFound("nothing-promoted",
                "no model has been promoted as '" + modelName + "'"));
    }

    @POST
    @RolesAllowed(Role.APPROVER)
    @Path("/promote")
    @Operation(summary = "Promote an evaluation's candidate whatever the gate said; publishes ModelPromoted")
    public Evaluation promote(@PathParam("modelName") String modelName, DecisionRequest request) {
        return promotions.promoteManually(modelName, evaluationId(request), request.reason());
    }

    @POST
    @RolesAllowed(Role.APPROVER)
    @Path("/reject")
    @Operation(summary = "Reject an evaluation's candidate (a reason is required); publishes ModelRejected")
    public Evaluation reject(@PathParam("modelName") String modelName, DecisionRequest request) {
        return promotions.rejectManually(modelName, evaluationId(request), request.reason());
    }

    private static String evaluationId(DecisionRequest request) {
        if (request == null || request.evaluationId() == null || request.evaluationId().isBlank()) {
            throw ApiException.badRequest("evaluation-id-required", "name the evaluation whose candidate is meant"
                    + " (field 'evaluationId')");
        }
        return request.evaluationId();
    }
}

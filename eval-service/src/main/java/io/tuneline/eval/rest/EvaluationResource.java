package io.tuneline.eval.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.evaluation.EvaluationStatus;
import io.tuneline.eval.service.EvaluationRepository;
import io.tuneline.eval.service.EvaluationService;
import io.tuneline.eval.service.EvaluationService.EvaluationRequest;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@Path("/api/v1/evaluations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluations", description = "Base vs fine-tuned model on a test split and a forgetting suite: scores"
        + " with 95 % intervals, the HTML report and its chart")
public class EvaluationResource {

    /** One metric (or held-out task) of two evaluations' candidates side by side; null where one has none. */
    public record MetricDelta(String name, Double first, Double second, Double difference) {
    }

    /** Two evaluations' candidates compared, e.g. a single-task run next to a mixture run of the same data. */
    public record EvaluationComparison(String first, String second, List<MetricDelta> testSplit,
                                       List<MetricDelta> heldOutTasks) {
    }

    private final EvaluationService evaluations;

    EvaluationResource(EvaluationService evaluations) {
        this.evaluations = evaluations;
    }

    @POST
    @RolesAllowed(Role.TRAINER)
    @Operation(summary = "Start an evaluation of a base model and optionally a candidate on a prompts file or a"
            + " render's test split; answers 202 with the evaluation (RUNNING) at once")
    public Response start(EvaluationRequest request, @Context UriInfo uri) {
        Evaluation evaluation = evaluations.request(request);
        return Response.accepted(evaluation)
                .location(uri.getAbsolutePathBuilder().path(evaluation.evaluationId()).build())
                .build();
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "Every evaluation, newest first; modelName narrows to one model name")
    public List<Evaluation> list(@QueryParam("modelName") String modelName) {
        return evaluations.list(modelName);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{evaluationId}")
    @Operation(summary = "An evaluation: status (with progress while RUNNING), scores, held-out tasks, the gate's"
            + " reasons and the decision")
    public Evaluation get(@PathParam("evaluationId") String evaluationId) {
        return find(evaluationId);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{evaluationId}/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The HTML report: summary, bar chart, held-out tasks, the 20 largest gains and losses")
    public Response report(@PathParam("evaluationId") String evaluationId) {
        return file(evaluationId, EvaluationRepository.REPORT, "text/html; charset=utf-8");
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{evaluationId}/chart")
    @Produces("image/svg+xml")
    @Operation(summary = "The bar chart of every system's mean per metric with its 95 % interval (SVG)")
    public Response chart(@PathParam("evaluationId") String evaluationId) {
        return file(evaluationId, EvaluationRepository.CHART, EvaluationService.CHART_CONTENT_TYPE);
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/{evaluationId}/predictions")
    @Produces("application/x-ndjson")
    @Operation(summary = "Per test example: input, references, every system's output and scores (JSON lines)")
    public Response predictions(@PathParam("evaluationId") String evaluationId) {
        return file(evaluationId, EvaluationRepository.PREDICTIONS, "application/x-ndjson");
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/compare")
    @Operation(summary = "Two evaluations' candidates side by side: every metric on the test split and every"
            + " held-out task (second − first)")
    public EvaluationComparison compare(@QueryParam("first") String first, @QueryParam("second") String second) {
        if (first == null || second == null) {
            throw ApiException.badRequest("two-evaluations-required", "give ?first=ID&second=ID");
        }
        Evaluation a = completed(first);
        Evaluation b = completed(second);
        return new EvaluationComparison(first, second, deltas(testScores(a), testScores(b)),
                deltas(heldOutScores(a), heldOutScores(b)));
    }

    private Evaluation find(String evaluationId) {
        return evaluations.find(evaluationId).orElseThrow(() -> ApiException.notFound("evaluation-not-found",
                "no evaluation '" + evaluationId + "'"));
    }

    private Evaluation completed(String evaluationId) {
        Evaluation evaluation = find(evaluationId);
        if (evaluation.status() != EvaluationStatus.COMPLETED) {
            throw ApiException.conflict("evaluation-not-completed", "evaluation " + evaluationId + " is "
                    + evaluation.status(), Map.of("evaluationId", evaluationId));
        }
        return evaluation;
    }

    private Response file(String evaluationId, String fileName, String contentType) {
        Evaluation evaluation = find(evaluationId);
        byte[] content = evaluations.file(evaluationId, fileName).orElseThrow(() -> ApiException.notFound(
                "file-not-ready", "evaluation " + evaluationId + " is " + evaluation.status() + " and has no "
                        + fileName + (evaluation.error() == null ? "" : ": " + evaluation.error())));
        return Response.ok(content, contentType).build();
    }

    /** The candidate's means by metric: the last system, as in the report (the candidate comes last). */
    private static Map<String, Double> testScores(Evaluation evaluation) {
        List<SystemResult> systems = evaluation.systems();
        return systems.isEmpty() ? Map.of() : systems.get(systems.size() - 1).means();
    }

    private static Map<String, Double> heldOutScores(Evaluation evaluation) {
        Map<String, Double> scores = new LinkedHashMap<>();
        List<ForgettingResult> forgetting = evaluation.forgetting();
        String lastModel = forgetting.isEmpty() ? null : forgetting.get(forgetting.size() - 1).model();
        forgetting.stream().filter(task -> task.model().equals(lastModel))
                .forEach(task -> scores.put(task.task() + " " + task.metric(), task.after().estimate()));
        return scores;
    }

    private static List<MetricDelta> deltas(Map<String, Double> first, Map<String, Double> second) {
        Set<String> names = new LinkedHashSet<>(first.keySet());
        names.addAll(second.keySet());
        List<MetricDelta> deltas = new ArrayList<>();
        for (String name : names) {
            Double a = first.get(name);
            Double b = second.get(name);
            deltas.add(new MetricDelta(name, a, b, a == null || b == null ? null : b - a));
        }
        return deltas;
    }
}

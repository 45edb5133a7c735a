package io.tuneline.eval.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.eval.service.RunComparisonService;
import io.tuneline.evaluation.RunComparison;
import io.tuneline.evaluation.report.ComparisonReport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/comparisons")
@Tag(name = "Comparisons", description = "Finished runs side by side (e.g. full, multi-task full and LoRA fine-tuning):"
        + " target-task gain, forgetting on held-out tasks, trainable parameters, checkpoint size, training time")
public class ComparisonResource {

    private final RunComparisonService comparisons;

    ComparisonResource(RunComparisonService comparisons) {
        this.comparisons = comparisons;
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Compare runs (?runs=A,B,C, each with a completed evaluation), in the order given")
    public RunComparison compare(@QueryParam("runs") String runs) {
        return comparisons.compare(split(runs));
    }

    @GET
    @RolesAllowed(Role.VIEWER)
    @Path("/report")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The comparison as an HTML page: the table and a picture of target gain against forgetting")
    public String report(@QueryParam("runs") String runs) {
        return ComparisonReport.html(comparisons.compare(split(runs)));
    }

    private static List<String> split(String runs) {
        return runs == null ? List.of() : List.of(runs.split(","));
    }
}

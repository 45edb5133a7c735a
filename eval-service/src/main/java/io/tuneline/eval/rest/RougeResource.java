package io.tuneline.eval.rest;

import io.tuneline.common.security.Role;
import jakarta.annotation.security.RolesAllowed;
import io.tuneline.common.rest.ApiException;
import io.tuneline.evaluation.metrics.Rouge;
import io.tuneline.evaluation.metrics.RougeScore;
import io.tuneline.evaluation.metrics.RougeScores;
import io.tuneline.evaluation.metrics.RougeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ROUGE as Google's rouge-score computes it (what Hugging Face {@code evaluate} reports), over HTTP. */
@Path("/api/v1/rouge")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "ROUGE", description = "ROUGE-1/2/L/Lsum of prediction/reference pairs, equal to rouge-score 0.1.2")
public class RougeResource {

    /** A request is scored while the caller waits: keep it to what takes well under a second. */
    static final int MAX_PAIRS = 10_000;

    /**
     * @param reference  the reference text; or {@code references} for several (the best one counts per type, as
     *                   rouge-score's {@code score_multi})
     */
    public record Pair(String prediction, String reference, List<String> references) {
    }

    /**
     * @param useStemmer Porter stemming of tokens longer than 3 characters (rouge-score's {@code use_stemmer},
     *                   default false as there)
     * @param rougeTypes which of rouge1, rouge2, rougeL, rougeLsum to return (default all four)
     */
    public record RougeRequest(List<Pair> pairs, Boolean useStemmer, List<String> rougeTypes) {
    }

    /** Per pair and the corpus mean (the plain mean of the per-pair values), each by ROUGE type. */
    public record RougeResponse(List<String> rougeTypes, boolean useStemmer, List<Map<String, RougeScore>> pairs,
                                Map<String, RougeScore> mean) {
    }

    @POST
    @RolesAllowed(Role.VIEWER)
    @Operation(summary = "Score prediction/reference pairs: precision, recall and F-measure per pair and their mean")
    public RougeResponse score(RougeRequest request) {
        if (request == null || request.pairs() == null || request.pairs().isEmpty()) {
            throw ApiException.badRequest("no-pairs", "give at least one pair of prediction and reference");
        }
        if (request.pairs().size() > MAX_PAIRS) {
            throw ApiException.badRequest("too-many-pairs", "at most " + MAX_PAIRS + " pairs per request",
                    Map.of("pairs", request.pairs().size(), "limit", MAX_PAIRS));
        }
        List<RougeType> types = types(request.rougeTypes());
        boolean stemmer = Boolean.TRUE.equals(request.useStemmer());
        List<RougeScores> scores = new ArrayList<>();
        for (int index = 0; index < request.pairs().size(); index++) {
            Pair pair = request.pairs().get(index);
            scores.add(Rouge.scoreMulti(prediction(pair, index), references(pair, index), stemmer));
        }
        return new RougeResponse(types.stream().map(RougeType::key).toList(), stemmer,
                scores.stream().map(score -> select(score, types)).toList(), select(Rouge.mean(scores), types));
    }

    private static List<RougeType> types(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return List.of(RougeType.values());
        }
        List<RougeType> types = new ArrayList<>();
        for (String key : requested) {
            try {
                types.add(RougeType.fromKey(key));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("unknown-rouge-type", e.getMessage(), Map.of("rougeType",
                        String.valueOf(key)));
            }
        }
        return types.stream().distinct().toList();
    }

    private static String prediction(Pair pair, int index) {
        if (pair == null || pair.prediction() == null) {
            throw invalidPair(index, "has no prediction");
        }
        return pair.prediction();
    }

    private static List<String> references(Pair pair, int index) {
        List<String> references = new ArrayList<>();
        if (pair.reference() != null) {
            references.add(pair.reference());
        }
        if (pair.references() != null) {
            references.addAll(pair.references());
        }
        if (references.isEmpty()) {
            throw invalidPair(index, "has neither reference nor references");
        }
        if (references.contains(null)) {
            throw invalidPair(index, "has a null reference");
        }
        return references;
    }

    private static ApiException invalidPair(int index, String problem) {
        return ApiException.badRequest("invalid-pair", "pair " + index + " " + problem, Map.of("index", index));
    }

    private static Map<String, RougeScore> select(RougeScores scores, List<RougeType> types) {
        Map<String, RougeScore> selected = new LinkedHashMap<>();
        types.forEach(type -> selected.put(type.key(), scores.get(type)));
        return selected;
    }
}

package io.tuneline.template.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tuneline.template.library.MixtureSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a render: what was rendered with what (templates, seed, input limit, tokenizer) and
 * what came out per split. The render id is a digest of these inputs, so the same render always lands in the same
 * place and a redelivered event rewrites identical files. {@code truncationWarning} is set when more than the
 * configured share of examples was truncated.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderManifest(String renderId, String datasetId, String versionId, String mixture, String trigger,
                             long seed, int maxInputTokens, String tokenizer, Instant createdAt,
                             List<Component> components, Map<String, SplitSummary> splits, long examples,
                             long truncated, long overLimit, String truncationWarning) {

    /** One task of the render (a plain render has one, a mixture several). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Component(String task, List<String> templateIds, MixtureSource source, double weight) {
    }
}

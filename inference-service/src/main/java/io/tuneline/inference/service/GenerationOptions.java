package io.tuneline.inference.service;

import io.tuneline.model.generate.GenerationConfig;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;

/**
 * What a caller may set for one generation; null means the default (greedy search, Hugging Face's defaults).
 *
 * @param maxNewTokens      tokens generated at most
 * @param numBeams          more than 1 runs beam search (alone, not in the shared batch)
 * @param lengthPenalty     beam search: a finished beam scores {@code sum(logprobs) / length ** lengthPenalty}
 * @param noRepeatNgramSize no n-gram of this size occurs twice
 * @param doSample          sample instead of taking the most likely token
 * @param temperature       sampling temperature
 * @param topK              sampling keeps the k most likely tokens (0 keeps all)
 * @param topP              sampling keeps the smallest set of tokens whose probability reaches p
 * @param seed              seed of the sampling random generator: the same seed gives the same text
 */
public record GenerationOptions(
        @Min(1) Integer maxNewTokens,
        @Min(1) @Max(8) Integer numBeams,
        Double lengthPenalty,
        @Min(0) Integer noRepeatNgramSize,
        Boolean doSample,
        @Positive Double temperature,
        @Min(0) Integer topK,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double topP,
        Long seed) {

    public static final GenerationOptions DEFAULTS = new GenerationOptions(null, null, null, null, null, null, null,
            null, null);

    /** These options over {@code defaults}: each field set here wins. */
    public GenerationOptions orElse(GenerationOptions defaults) {
        return new GenerationOptions(pick(maxNewTokens, defaults.maxNewTokens), pick(numBeams, defaults.numBeams),
                pick(lengthPenalty, defaults.lengthPenalty), pick(noRepeatNgramSize, defaults.noRepeatNgramSize),
                pick(doSample, defaults.doSample), pick(temperature, defaults.temperature), pick(topK, defaults.topK),
                pick(topP, defaults.topP), pick(seed, defaults.seed));
    }

    /** The model-core settings; {@link IllegalArgumentException} names the offending field. */
    GenerationConfig toConfig(int defaultMaxNewTokens) {
        GenerationConfig.Builder builder = GenerationConfig.builder()
                .maxNewTokens(maxNewTokens == null ? defaultMaxNewTokens : maxNewTokens);
        if (numBeams != null) {
            builder.numBeams(numBeams);
        }
        if (lengthPenalty != null) {
            builder.lengthPenalty(lengthPenalty);
        }
        if (noRepeatNgramSize != null) {
            builder.noRepeatNgramSize(noRepeatNgramSize);
        }
        if (doSample != null) {
            builder.doSample(doSample);
        }
        if (temperature != null) {
            builder.temperature(temperature);
        }
        if (topK != null) {
            builder.topK(topK);
        }
        if (topP != null) {
            builder.topP(topP);
        }
        if (seed != null) {
            builder.seed(seed);
        }
        return builder.build();
    }

    private static <T> T pick(T value, T fallback) {
        return value != null ? value : fallback;
    }
}

package io.tuneline.model.generate;

import java.util.Locale;
import java.util.Map;

/**
 * Generation settings, named and defaulted like Hugging Face's {@code GenerationConfig}.
 *
 * @param maxNewTokens       tokens generated at most after the decoder start token
 * @param minNewTokens       {@code </s>} is forbidden before this many new tokens
 * @param numBeams           1 for greedy search or sampling, more for beam search
 * @param lengthPenalty      a finished beam scores {@code sum(logprobs) / length ** lengthPenalty}
 * @param earlyStopping      when beam search stops for a prompt
 * @param noRepeatNgramSize  when positive, no n-gram of this size occurs twice in a hypothesis
 * @param numReturnSequences sequences returned per prompt (best first for beam search)
 * @param doSample           sample the next token instead of taking the most likely one
 * @param temperature        sampling temperature
 * @param topK               sampling keeps the k most likely tokens (0 keeps all)
 * @param topP               sampling keeps the smallest set of tokens whose probability reaches p
 * @param seed               seed of the sampling random generator
 */
public record GenerationConfig(int maxNewTokens, int minNewTokens, int numBeams, double lengthPenalty,
                               EarlyStopping earlyStopping, int noRepeatNgramSize, int numReturnSequences,
                               boolean doSample, double temperature, int topK, double topP, long seed) {

    public GenerationConfig {
        require(maxNewTokens >= 1, "max_new_tokens must be at least 1");
        require(minNewTokens >= 0 && minNewTokens <= maxNewTokens, "min_new_tokens must be in [0, max_new_tokens]");
        require(numBeams >= 1, "num_beams must be at least 1");
        require(noRepeatNgramSize >= 0, "no_repeat_ngram_size must not be negative");
        require(numReturnSequences >= 1, "num_return_sequences must be at least 1");
        require(numReturnSequences <= numBeams || doSample,
                "num_return_sequences must not exceed num_beams (greedy search returns one sequence)");
        require(!(doSample && numBeams > 1), "sampling with num_beams > 1 (beam sampling) is not supported");
        require(temperature > 0, "temperature must be positive");
        require(topK >= 0, "top_k must not be negative");
        require(topP > 0 && topP <= 1, "top_p must be in (0, 1]");
    }

    /** Greedy search for up to {@code maxNewTokens} tokens. */
    public static GenerationConfig greedy(int maxNewTokens) {
        return builder().maxNewTokens(maxNewTokens).build();
    }

    /** A builder holding Hugging Face's defaults, except {@code max_new_tokens} 64 (a summary's length). */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads Hugging Face {@code generate()} keyword arguments ({@code max_new_tokens}, {@code num_beams},
     * {@code early_stopping}, ...); values may be numbers, booleans or their text. Unknown keys are rejected.
     */
    public static GenerationConfig fromHuggingFace(Map<String, ?> kwargs) {
        Builder builder = builder();
        kwargs.forEach((key, value) -> builder.set(key, String.valueOf(value)));
        return builder.build();
    }

    /** Reads keyword arguments written as Python would, e.g. {@code "num_beams=4, early_stopping=True"}. */
    public static GenerationConfig fromHuggingFace(String kwargs) {
        Builder builder = builder();
        for (String assignment : kwargs.split(",")) {
            if (!assignment.isBlank()) {
                String[] keyValue = assignment.split("=", 2);
                if (keyValue.length != 2) {
                    throw new IllegalArgumentException("expected key=value, got: " + assignment.trim());
                }
                builder.set(keyValue[0], keyValue[1]);
            }
        }
        return builder.build();
    }

    boolean isBeamSearch() {
        return numBeams > 1;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Mutable settings, checked together by {@link #build()}. */
    public static final class Builder {
        private int maxNewTokens = 64;
        private int minNewTokens = 0;
        private int numBeams = 1;
        private double lengthPenalty = 1.0;
        private EarlyStopping earlyStopping = EarlyStopping.FALSE;
        private int noRepeatNgramSize = 0;
        private int numReturnSequences = 1;
        private boolean doSample = false;
        private double temperature = 1.0;
        private int topK = 50;
        private double topP = 1.0;
        private long seed = 0;

        private Builder() {
        }

        public Builder maxNewTokens(int value) { maxNewTokens = value; return this; }
        public Builder minNewTokens(int value) { minNewTokens = value; return this; }
        public Builder numBeams(int value) { numBeams = value; return this; }
        public Builder lengthPenalty(double value) { lengthPenalty = value; return this; }
        public Builder earlyStopping(EarlyStopping value) { earlyStopping = value; return this; }
        public Builder noRepeatNgramSize(int value) { noRepeatNgramSize = value; return this; }
        public Builder numReturnSequences(int value) { numReturnSequences = value; return this; }
        public Builder doSample(boolean value) { doSample = value; return this; }
        public Builder temperature(double value) { temperature = value; return this; }
        public Builder topK(int value) { topK = value; return this; }
        public Builder topP(double value) { topP = value; return this; }
        public Builder seed(long value) { seed = value; return this; }

        /** Sets one setting by its Hugging Face name from its text form ({@code True}, {@code 0.6}, ...). */
        public Builder set(String key, String value) {
            String v = value.trim();
            return switch (key.trim()) {
                case "max_new_tokens" -> maxNewTokens(Integer.parseInt(v));
                case "min_new_tokens" -> minNewTokens(Integer.parseInt(v));
                case "num_beams" -> numBeams(Integer.parseInt(v));
                case "length_penalty" -> lengthPenalty(Double.parseDouble(v));
                case "early_stopping" -> earlyStopping(EarlyStopping.parse(v));
                case "no_repeat_ngram_size" -> noRepeatNgramSize(Integer.parseInt(v));
                case "num_return_sequences" -> numReturnSequences(Integer.parseInt(v));
                case "do_sample" -> doSample(parseBoolean(v));
                case "temperature" -> temperature(Double.parseDouble(v));
                case "top_k" -> topK(Integer.parseInt(v));
                case "top_p" -> topP(Double.parseDouble(v));
                case "seed" -> seed(Long.parseLong(v));
                default -> throw new IllegalArgumentException("unknown generation setting: " + key);
            };
        }

        public GenerationConfig build() {
            return new GenerationConfig(maxNewTokens, minNewTokens, numBeams, lengthPenalty, earlyStopping,
                    noRepeatNgramSize, numReturnSequences, doSample, temperature, topK, topP, seed);
        }

        private static boolean parseBoolean(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("not a boolean: " + value);
            };
        }
    }
}

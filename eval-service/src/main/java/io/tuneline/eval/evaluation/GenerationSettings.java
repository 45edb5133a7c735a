package io.tuneline.eval.evaluation;

/** How every model of an evaluation generates: the same settings for base and candidate. */
public record GenerationSettings(int maxNewTokens, int numBeams, int batchSize) {

    public GenerationSettings {
        if (maxNewTokens < 1 || maxNewTokens > 1024) {
            throw new IllegalArgumentException("maxNewTokens must be in [1, 1024], got " + maxNewTokens);
        }
        if (numBeams < 1 || numBeams > 16) {
            throw new IllegalArgumentException("numBeams must be in [1, 16], got " + numBeams);
        }
        if (batchSize < 1 || batchSize > 256) {
            throw new IllegalArgumentException("batchSize must be in [1, 256], got " + batchSize);
        }
    }
}

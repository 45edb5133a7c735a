package io.tuneline.model.generate;

import java.util.Arrays;

/**
 * Beam search with the semantics of Hugging Face's vectorised {@code _beam_search} (transformers 4.50+ / 5.x),
 * so that the same model gives the same ids:
 * <ul>
 *   <li>a beam's score is the float32 sum of its tokens' log-softmax (after the logits processors);</li>
 *   <li>each step keeps the {@code 2 * num_beams} best continuations over all beams of a prompt, so that
 *       {@code num_beams} of them remain running even if some end with {@code </s>};</li>
 *   <li>a continuation that ends with {@code </s>} or reaches the maximum length finishes only if it ranks among
 *       the first {@code num_beams}; it is scored {@code sum_logprobs / new_tokens ** length_penalty}, where
 *       {@code new_tokens} counts the tokens after the decoder start, {@code </s>} included;</li>
 *   <li>a prompt keeps its {@code num_beams} best finished hypotheses; {@code early_stopping} decides when it
 *       accepts no more (see {@link EarlyStopping});</li>
 *   <li>Hugging Face masks scores by adding {@code -1e9}; the same float32 additions are made here because they
 *       decide ties.</li>
 * </ul>
 */
final class BeamSearch {

    private static final float MASKED = -1.0e9f;

    private final GenerationConfig config;
    private final SpecialTokens special;
    private final int numBeams;
    private final int candidatesPerPrompt;
    private final int maxLength;
    private final int vocab;

    private BeamSearch(GenerationConfig config, SpecialTokens special, int vocab) {
        this.config = config;
        this.special = special;
        this.numBeams = config.numBeams();
        this.candidatesPerPrompt = 2 * numBeams; // one eos token: (1 + #eos) * num_beams
        this.maxLength = 1 + config.maxNewTokens();
        this.vocab = vocab;
    }

    static long[][] run(Seq2SeqModel model, long[][] prompts, GenerationConfig config, SpecialTokens special) {
        return new BeamSearch(config, special, model.vocabSize()).search(model, prompts);
    }

    /** One prompt's state: its running beams and its best finished hypotheses, both best first. */
    private final class Prompt {
        final long[][] running = new long[numBeams][];
        final float[] runningScores = new float[numBeams];
        final long[][] finished = new long[numBeams][];
        final float[] finishedScores = new float[numBeams];
        final boolean[] isFinished = new boolean[numBeams];
        boolean mayImprove = true;

        Prompt() {
            for (int beam = 0; beam < numBeams; beam++) {
                running[beam] = new long[] {special.decoderStartTokenId()};
                finished[beam] = running[beam];
                // Only the first beam may expand at the first step, otherwise all beams would pick the same tokens.
                runningScores[beam] = beam == 0 ? 0f : MASKED;
                finishedScores[beam] = MASKED;
            }
        }

        boolean allFinished() {
            for (boolean done : isFinished) {
                if (!done) {
                    return false;
                }
            }
            return true;
        }
    }

    private long[][] search(Seq2SeqModel model, long[][] prompts) {
        Prompt[] states = new Prompt[prompts.length];
        Arrays.setAll(states, i -> new Prompt());
        long[] lastTokens = new long[prompts.length * numBeams];
        Arrays.fill(lastTokens, special.decoderStartTokenId());
        int length = 1;
        try (Seq2SeqModel.DecodingSession session = model.startDecoding(prompts, numBeams)) {
            while (true) {
                float[] logProbs = session.next(lastTokens, true);
                int[] sourceRows = new int[lastTokens.length];
                boolean allHitStop = true;
                for (int p = 0; p < states.length; p++) {
                    allHitStop &= step(states[p], p, logProbs, length, sourceRows);
                }
                length++;
                boolean mayImprove = false;
                boolean allFinished = true;
                for (Prompt state : states) {
                    state.mayImprove &= canImprove(state, length);
                    mayImprove |= state.mayImprove;
                    allFinished &= state.allFinished();
                }
                if (!mayImprove || (allFinished && config.earlyStopping() == EarlyStopping.TRUE) || allHitStop) {
                    break;
                }
                session.reorder(sourceRows);
                for (int p = 0; p < states.length; p++) {
                    for (int beam = 0; beam < numBeams; beam++) {
                        lastTokens[p * numBeams + beam] = states[p].running[beam][length - 1];
                    }
                }
            }
        }
        return collect(states);
    }

    /**
     * Advances one prompt by one token; records in {@code sourceRows} which old row each new running beam
     * continues. Returns whether every kept continuation hit a stopping condition.
     */
    private boolean step(Prompt state, int prompt, float[] logProbs, int length, int[] sourceRows) {
        int firstRow = prompt * numBeams;
        for (int beam = 0; beam < numBeams; beam++) {
            int row = firstRow + beam;
            ScoreProcessors.constrain(logProbs, row * vocab, state.running[beam], length, config,
                    special.eosTokenId());
        }
        int[] candidates = topContinuations(state, logProbs, firstRow);
        float[] scores = new float[candidatesPerPrompt];
        boolean[] hitsStop = new boolean[candidatesPerPrompt];
        boolean allHitStop = true;
        for (int k = 0; k < candidatesPerPrompt; k++) {
            int beam = candidates[k] / vocab;
            int token = candidates[k] % vocab;
            scores[k] = logProbs[(firstRow + beam) * vocab + token] + state.runningScores[beam];
            hitsStop[k] = token == special.eosTokenId() || length + 1 >= maxLength;
            allHitStop &= hitsStop[k];
        }
        updateFinished(state, candidates, scores, hitsStop, length);
        selectRunning(state, candidates, scores, hitsStop, firstRow, sourceRows);
        return allHitStop;
    }

    /** The flat indices {@code beam * vocab + token} of the best continuations, best first (lower index on ties). */
    private int[] topContinuations(Prompt state, float[] logProbs, int firstRow) {
        int[] best = new int[candidatesPerPrompt];
        float[] bestScores = new float[candidatesPerPrompt];
        Arrays.fill(bestScores, Float.NEGATIVE_INFINITY);
        Arrays.fill(best, -1);
        for (int beam = 0; beam < numBeams; beam++) {
            int offset = (firstRow + beam) * vocab;
            float beamScore = state.runningScores[beam];
            for (int token = 0; token < vocab; token++) {
                float score = logProbs[offset + token] + beamScore;
                int last = candidatesPerPrompt - 1;
                if (best[last] >= 0 && !(score > bestScores[last])) {
                    continue;
                }
                int position = last;
                while (position > 0 && (best[position - 1] < 0 || score > bestScores[position - 1])) {
                    best[position] = best[position - 1];
                    bestScores[position] = bestScores[position - 1];
                    position--;
                }
                best[position] = beam * vocab + token;
                bestScores[position] = score;
            }
        }
        return best;
    }

    /** Merges the newly finished continuations into the prompt's best {@code num_beams} finished hypotheses. */
    private void updateFinished(Prompt state, int[] candidates, float[] scores, boolean[] hitsStop, int length) {
        float lengthNormaliser = (float) Math.pow(length, config.lengthPenalty()); // new tokens incl. this one
        boolean full = state.allFinished() && config.earlyStopping() == EarlyStopping.TRUE;
        int merged = numBeams + candidatesPerPrompt;
        float[] mergedScores = new float[merged];
        long[][] mergedSequences = new long[merged][];
        boolean[] mergedFinished = new boolean[merged];
        for (int beam = 0; beam < numBeams; beam++) {
            mergedScores[beam] = state.finishedScores[beam];
            mergedSequences[beam] = state.finished[beam];
            mergedFinished[beam] = state.isFinished[beam];
        }
        for (int k = 0; k < candidatesPerPrompt; k++) {
            boolean justFinished = hitsStop[k] && k < numBeams;
            float score = scores[k] / lengthNormaliser;
            score += full ? MASKED : -0f;
            score += state.mayImprove ? -0f : MASKED;
            score += justFinished ? -0f : MASKED;
            mergedScores[numBeams + k] = score;
            mergedFinished[numBeams + k] = justFinished;
            int index = numBeams + k;
            int candidate = candidates[k];
            mergedSequences[index] = justFinished ? extend(state.running[candidate / vocab], candidate % vocab) : null;
        }
        int[] order = bestFirst(mergedScores, numBeams);
        for (int i = 0; i < numBeams; i++) {
            int chosen = order[i];
            state.finishedScores[i] = mergedScores[chosen];
            state.isFinished[i] = mergedFinished[chosen];
            if (mergedSequences[chosen] == null) {
                int candidate = candidates[chosen - numBeams];
                mergedSequences[chosen] = extend(state.running[candidate / vocab], candidate % vocab);
            }
            state.finished[i] = mergedSequences[chosen];
        }
    }

    /** Keeps the {@code num_beams} best continuations that did not stop as the running beams. */
    private void selectRunning(Prompt state, int[] candidates, float[] scores, boolean[] hitsStop, int firstRow,
                               int[] sourceRows) {
        float[] runningScores = new float[candidatesPerPrompt];
        for (int k = 0; k < candidatesPerPrompt; k++) {
            runningScores[k] = scores[k] + (hitsStop[k] ? MASKED : -0f);
        }
        int[] order = bestFirst(runningScores, numBeams);
        long[][] running = new long[numBeams][];
        for (int i = 0; i < numBeams; i++) {
            int candidate = candidates[order[i]];
            running[i] = extend(state.running[candidate / vocab], candidate % vocab);
            state.runningScores[i] = runningScores[order[i]];
            sourceRows[firstRow + i] = firstRow + candidate / vocab;
        }
        System.arraycopy(running, 0, state.running, 0, numBeams);
    }

    /**
     * Whether the best running beam could still beat the worst finished hypothesis, judged at the current
     * length, or at the maximum length for {@code early_stopping=never} with a positive length penalty.
     */
    private boolean canImprove(Prompt state, int length) {
        int hypotheticalLength = config.earlyStopping() == EarlyStopping.NEVER && config.lengthPenalty() > 0
                ? maxLength - 1
                : length - 1;
        float bestPossible = state.runningScores[0] / (float) Math.pow(hypotheticalLength, config.lengthPenalty());
        float worstFinished = Float.POSITIVE_INFINITY;
        for (float score : state.finishedScores) {
            worstFinished = Math.min(worstFinished, score);
        }
        for (boolean finished : state.isFinished) {
            if (bestPossible > (finished ? worstFinished : MASKED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The best {@code num_return_sequences} finished hypotheses of every prompt, grouped per prompt. Rows are as
     * long as the longest one and filled like Hugging Face does: with the pad token, or with {@code </s>} when
     * the pad id is 0 (Python's {@code pad_token_id or eos_token_id} treats 0 as missing; T5 is in that case).
     */
    private long[][] collect(Prompt[] states) {
        int returned = config.numReturnSequences();
        long fill = special.padTokenId() != 0 ? special.padTokenId() : special.eosTokenId();
        int width = 0;
        for (Prompt state : states) {
            for (int i = 0; i < returned; i++) {
                width = Math.max(width, state.finished[i].length);
            }
        }
        long[][] out = new long[states.length * returned][];
        for (int p = 0; p < states.length; p++) {
            for (int i = 0; i < returned; i++) {
                long[] row = Arrays.copyOf(states[p].finished[i], width);
                Arrays.fill(row, states[p].finished[i].length, width, fill);
                out[p * returned + i] = row;
            }
        }
        return out;
    }

    /** Indices of the {@code count} highest values, best first; on ties the lower index comes first. */
    private static int[] bestFirst(float[] values, int count) {
        Integer[] indices = new Integer[values.length];
        Arrays.setAll(indices, i -> i);
        Arrays.sort(indices, (a, b) -> Float.compare(values[b], values[a])); // stable
        int[] best = new int[count];
        for (int i = 0; i < count; i++) {
            best[i] = indices[i];
        }
        return best;
    }

    private static long[] extend(long[] sequence, long token) {
        long[] extended = Arrays.copyOf(sequence, sequence.length + 1);
        extended[sequence.length] = token;
        return extended;
    }
}

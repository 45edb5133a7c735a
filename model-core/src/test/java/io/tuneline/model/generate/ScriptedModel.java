package io.tuneline.model.generate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A fake encoder-decoder for testing the search strategies without a network: the next-token logits are a
 * function of the prompt and the tokens decoded so far. Its sessions keep each row's history, so a search that
 * forgets to reorder the rows after choosing beams sees wrong scores, as it would with a real key/value cache.
 */
public final class ScriptedModel implements Seq2SeqModel {

    /** The logits of the next token given a prompt and the decoded tokens (starting with the decoder start). */
    public interface Script {
        float[] logits(long[] prompt, long[] decoded);
    }

    private final int vocab;
    private final Script script;
    public int sessionsOpened;
    public int stepsRun;

    public ScriptedModel(int vocab, Script script) {
        this.vocab = vocab;
        this.script = script;
    }

    /** Pseudo-random but fixed logits that depend on the prompt, the position and the last two tokens. */
    public static ScriptedModel hashed(int vocab, long eosBias) {
        return new ScriptedModel(vocab, (prompt, decoded) -> {
            long key = Arrays.hashCode(prompt) * 31L + decoded.length;
            key = key * 31 + decoded[decoded.length - 1];
            key = key * 31 + (decoded.length > 1 ? decoded[decoded.length - 2] : -1);
            float[] logits = new float[vocab];
            for (int token = 0; token < vocab; token++) {
                long h = (key * 0x9E3779B97F4A7C15L) ^ (token * 0xC2B2AE3D27D4EB4FL);
                h ^= h >>> 29;
                h *= 0xBF58476D1CE4E5B9L;
                h ^= h >>> 32;
                logits[token] = (float) ((h & 0xFFFF) / 65536.0 * 4.0);
            }
            logits[1] += eosBias * decoded.length / 8f;
            return logits;
        });
    }

    @Override
    public int vocabSize() {
        return vocab;
    }

    @Override
    public DecodingSession startDecoding(long[][] prompts, int copiesPerPrompt) {
        sessionsOpened++;
        List<long[]> rowPrompts = new ArrayList<>();
        List<long[]> histories = new ArrayList<>();
        for (long[] prompt : prompts) {
            for (int copy = 0; copy < copiesPerPrompt; copy++) {
                rowPrompts.add(prompt);
                histories.add(new long[0]);
            }
        }
        return new Session(rowPrompts, histories);
    }

    /** Rows are (prompt, history) pairs; absorbing a session appends its rows, as a real cache merge does. */
    private final class Session implements DecodingSession {
        private final List<long[]> rowPrompts;
        private final List<long[]> histories;

        Session(List<long[]> rowPrompts, List<long[]> histories) {
            this.rowPrompts = rowPrompts;
            this.histories = histories;
        }

        @Override
        public void absorb(DecodingSession newcomers) {
            Session other = (Session) newcomers;
            rowPrompts.addAll(other.rowPrompts);
            histories.addAll(other.histories);
        }

        @Override
        public float[] next(long[] lastTokens, boolean logSoftmax) {
            stepsRun++;
            float[] scores = new float[lastTokens.length * vocab];
            for (int row = 0; row < lastTokens.length; row++) {
                long[] history = Arrays.copyOf(histories.get(row), histories.get(row).length + 1);
                history[history.length - 1] = lastTokens[row];
                histories.set(row, history);
                float[] logits = script.logits(rowPrompts.get(row), history);
                if (logSoftmax) {
                    logits = logSoftmax(logits);
                }
                System.arraycopy(logits, 0, scores, row * vocab, vocab);
            }
            return scores;
        }

        @Override
        public void reorder(int[] sourceRows) {
            List<long[]> prompts = new ArrayList<>();
            List<long[]> reordered = new ArrayList<>();
            for (int source : sourceRows) {
                prompts.add(rowPrompts.get(source));
                reordered.add(histories.get(source));
            }
            rowPrompts.clear();
            rowPrompts.addAll(prompts);
            histories.clear();
            histories.addAll(reordered);
        }

        @Override
        public void close() {
        }
    }

    static float[] logSoftmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        double logSum = max + Math.log(sum);
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = (float) (logits[i] - logSum);
        }
        return out;
    }

    /** Sum of the log-probabilities of {@code sequence[1..]} under the script (teacher forcing, no cache). */
    double sequenceLogProb(long[] prompt, long[] sequence, long eos) {
        double total = 0;
        for (int position = 1; position < sequence.length; position++) {
            float[] logProbs = logSoftmax(script.logits(prompt, Arrays.copyOf(sequence, position)));
            total += logProbs[(int) sequence[position]];
            if (sequence[position] == eos) {
                break;
            }
        }
        return total;
    }
}

package io.tuneline.model.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Greedy search and multinomial sampling (Hugging Face's {@code _sample}): one row per prompt (per sample when
 * several sequences are returned), each row stops at {@code </s>} and is padded with the pad token afterwards.
 */
final class SampleSearch {

    private SampleSearch() {
    }

    static long[][] run(Seq2SeqModel model, long[][] prompts, GenerationConfig config, SpecialTokens special) {
        int copies = config.doSample() ? config.numReturnSequences() : 1;
        int rows = prompts.length * copies;
        int vocab = model.vocabSize();
        int maxLength = 1 + config.maxNewTokens();
        long[][] sequences = new long[rows][maxLength];
        boolean[] unfinished = new boolean[rows];
        long[] lastTokens = new long[rows];
        for (int row = 0; row < rows; row++) {
            sequences[row][0] = special.decoderStartTokenId();
            lastTokens[row] = special.decoderStartTokenId();
            unfinished[row] = true;
        }
        SplittableRandom random = new SplittableRandom(config.seed());
        int length = 1;
        try (Seq2SeqModel.DecodingSession session = model.startDecoding(prompts, copies)) {
            boolean anyUnfinished = true;
            while (anyUnfinished) {
                float[] scores = session.next(lastTokens, false);
                anyUnfinished = false;
                for (int row = 0; row < rows; row++) {
                    long token = special.padTokenId();
                    if (unfinished[row]) {
                        token = TokenChoice.next(scores, row * vocab, vocab, sequences[row], length, config,
                                special.eosTokenId(), random);
                        unfinished[row] = token != special.eosTokenId() && length + 1 < maxLength;
                        anyUnfinished |= unfinished[row];
                    }
                    sequences[row][length] = token;
                    lastTokens[row] = token;
                }
                length++;
            }
        }
        final int width = length;
        return Arrays.stream(sequences).map(sequence -> Arrays.copyOf(sequence, width)).toArray(long[][]::new);
    }

    /** The first index of the highest score, as {@code torch.argmax}. */
    static int argmax(float[] scores, int offset, int vocab) {
        int best = 0;
        for (int i = 1; i < vocab; i++) {
            if (scores[offset + i] > scores[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}

package io.tuneline.model.generate;

/**
 * Generates token ids from batched prompts with greedy search, sampling or beam search. Output rows start with
 * the decoder start token and are padded to a common width the way Hugging Face's {@code generate} pads them;
 * with several return sequences the rows are grouped per prompt.
 */
public final class Generator {

    private final Seq2SeqModel model;
    private final SpecialTokens special;

    public Generator(Seq2SeqModel model, SpecialTokens special) {
        this.model = model;
        this.special = special;
    }

    /** @param prompts token ids of each prompt (ending with {@code </s>} as the T5 tokenizer makes them) */
    public long[][] generate(long[][] prompts, GenerationConfig config) {
        if (prompts.length == 0) {
            return new long[0][];
        }
        return config.isBeamSearch()
                ? BeamSearch.run(model, prompts, config, special)
                : SampleSearch.run(model, prompts, config, special);
    }
}

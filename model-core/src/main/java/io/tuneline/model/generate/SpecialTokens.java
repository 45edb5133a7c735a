package io.tuneline.model.generate;

/** The token ids generation needs: the decoder start token, end of sequence and padding. */
public record SpecialTokens(long decoderStartTokenId, long eosTokenId, long padTokenId) {

    /** T5's ids: decoding starts from {@code <pad>} (0), {@code </s>} is 1. */
    public static final SpecialTokens T5 = new SpecialTokens(0, 1, 0);
}

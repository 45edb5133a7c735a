package io.tuneline.inference.service;

/**
 * One streamed token: its position among the new tokens, its id and the text it adds (empty for {@code </s>};
 * SentencePiece text is decoded from all tokens so far, so a word's leading space arrives with it).
 */
public record TokenEvent(int index, long token, String text) {
}

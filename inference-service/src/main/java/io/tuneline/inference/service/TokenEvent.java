package io.tuneline.inference.service;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * One streamed token: its position among the new tokens, its id and the text it adds (empty for {@code </s>};
 * SentencePiece text is decoded from all tokens so far, so a word's leading space arrives with it).
 */
public record TokenEvent(int index, long token, String text) {

    /**
     * The event as JSON, {@code {"index":0,"token":37,"text":"The"}}: what Jackson writes for the record, built
     * directly because it is sent once per token of every streaming request (looking up and running the JSON writer
     * for each was a visible share of the decoding thread's time).
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(40 + text.length());
        json.append("{\"index\":").append(index).append(",\"token\":").append(token).append(",\"text\":\"");
        JsonStringEncoder.getInstance().quoteAsString(text, json);
        return json.append("\"}").toString();
    }
}

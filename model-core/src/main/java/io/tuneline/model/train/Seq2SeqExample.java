package io.tuneline.model.train;

/** One tokenized training pair: prompt ids and target ids (both normally ending with {@code </s>}). */
public record Seq2SeqExample(long[] inputIds, long[] labels) {

    public Seq2SeqExample {
        if (inputIds.length == 0 || labels.length == 0) {
            throw new IllegalArgumentException("a training example needs at least one input and one label token");
        }
    }
}

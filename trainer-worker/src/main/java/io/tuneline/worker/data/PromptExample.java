package io.tuneline.worker.data;

import io.tuneline.model.train.Seq2SeqExample;

/** One tokenized prompt/completion pair and the id it had in its file (for error messages). */
public record PromptExample(String exampleId, Seq2SeqExample tokens) {
}

package io.tuneline.eval.testing;

import io.tuneline.evaluation.generation.TextGenerator;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** A model without weights: answers each prompt with a function of it and counts the prompts it answered. */
public final class ScriptedGenerator implements TextGenerator {

    private final Function<String, String> answer;
    private final AtomicInteger answered;

    public ScriptedGenerator(Function<String, String> answer, AtomicInteger answered) {
        this.answer = answer;
        this.answered = answered;
    }

    public ScriptedGenerator(Function<String, String> answer) {
        this(answer, new AtomicInteger());
    }

    @Override
    public List<String> generate(List<String> prompts, IntConsumer progress) {
        answered.addAndGet(prompts.size());
        progress.accept(prompts.size());
        return prompts.stream().map(answer).toList();
    }

    /** Whitespace words plus {@code </s>}: enough for few-shot packing without a tokenizer. */
    @Override
    public int countTokens(String text) {
        return text.split("\\s+").length + 1;
    }

    @Override
    public void close() {
    }
}

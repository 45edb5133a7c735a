package io.tuneline.evaluation;

import io.tuneline.evaluation.generation.TextGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntConsumer;

/** A "model" whose answer to each prompt is scripted; counts tokens as words plus {@code </s>}. */
public final class ScriptedGenerator implements TextGenerator {

    final List<String> seenPrompts = new ArrayList<>();
    boolean closed;
    private final Function<String, String> answer;

    public ScriptedGenerator(Function<String, String> answer) {
        this.answer = answer;
    }

    @Override
    public List<String> generate(List<String> prompts, IntConsumer progress) {
        List<String> outputs = new ArrayList<>();
        for (String prompt : prompts) {
            seenPrompts.add(prompt);
            outputs.add(answer.apply(prompt));
            progress.accept(outputs.size());
        }
        return outputs;
    }

    @Override
    public int countTokens(String text) {
        return text.split("\\s+").length + 1;
    }

    @Override
    public void close() {
        closed = true;
    }
}

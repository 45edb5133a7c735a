package io.tuneline.evaluation.generation;

import java.util.List;
import java.util.function.IntConsumer;

/**
 * A model seen from the evaluation: prompts in, output texts out. {@link T5TextGenerator} runs a real checkpoint;
 * tests script one, so the evaluation logic is tested without weights (like model-core's scripted
 * {@code Seq2SeqModel}).
 */
public interface TextGenerator extends AutoCloseable {

    /**
     * The output text of every prompt, in prompt order.
     *
     * @param progress called with the number of prompts finished so far, after each batch
     */
    List<String> generate(List<String> prompts, IntConsumer progress);

    /** Input tokens of a text as the model's tokenizer counts them (with {@code </s>}), for few-shot packing. */
    int countTokens(String text);

    @Override
    void close();
}

package io.tuneline.evaluation.generation;

import io.tuneline.model.generate.GenerationConfig;
import io.tuneline.model.generate.Generator;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * Generates with a T5 checkpoint through model-core's KV-cache {@link Generator}, in batches of prompts of
 * similar length (sorted longest first, so a batch pads little and memory peaks at the start).
 */
public final class T5TextGenerator implements TextGenerator {

    private final T5ForConditionalGeneration model;
    private final T5Tokenizer tokenizer;
    private final GenerationConfig config;
    private final int batchSize;
    private final boolean ownsTokenizer;

    /**
     * Wraps a loaded model; {@code tokenizer} may differ from the checkpoint's (e.g. for a randomly initialised
     * benchmark model). The generator closes the model when closed.
     */
    public T5TextGenerator(T5ForConditionalGeneration model, T5Tokenizer tokenizer, GenerationConfig config,
            int batchSize, boolean ownsTokenizer) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        if (config.numReturnSequences() != 1) {
            throw new IllegalArgumentException("an evaluation scores one output per prompt (num_return_sequences 1)");
        }
        this.model = model;
        this.tokenizer = tokenizer;
        this.config = config;
        this.batchSize = batchSize;
        this.ownsTokenizer = ownsTokenizer;
    }

    /** Loads a Hugging Face checkpoint folder with its {@code tokenizer.json}. */
    public static T5TextGenerator load(Path modelDir, GenerationConfig config, int batchSize) {
        T5ForConditionalGeneration model = T5Checkpoint.load(modelDir);
        try {
            T5Tokenizer tokenizer = model.tokenizer()
                    .orElseThrow(() -> new IllegalArgumentException("no tokenizer.json in " + modelDir));
            return new T5TextGenerator(model, tokenizer, config, batchSize, false);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A loader with fixed generation settings, for {@code Evaluator}. */
    public static ModelLoader loader(GenerationConfig config, int batchSize) {
        return dir -> load(dir, config, batchSize);
    }

    @Override
    public List<String> generate(List<String> prompts, IntConsumer progress) {
        long[][] ids = tokenizer.encode(prompts);
        Integer[] order = IntStream.range(0, ids.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> ids[i].length).reversed());
        T5Seq2SeqModel seq2seq = new T5Seq2SeqModel(model);
        Generator generator = new Generator(seq2seq, seq2seq.specialTokens());
        String[] outputs = new String[ids.length];
        for (int start = 0; start < order.length; start += batchSize) {
            int end = Math.min(start + batchSize, order.length);
            long[][] batch = new long[end - start][];
            for (int i = start; i < end; i++) {
                batch[i - start] = ids[order[i]];
            }
            long[][] generated = generator.generate(batch, config);
            for (int i = start; i < end; i++) {
                outputs[order[i]] = tokenizer.decode(generated[i - start], true);
            }
            progress.accept(end);
        }
        return new ArrayList<>(Arrays.asList(outputs));
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.encode(text).length;
    }

    @Override
    public void close() {
        if (ownsTokenizer) {
            tokenizer.close();
        }
        model.close();
    }
}

package io.tuneline.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.tuneline.model.config.GenerationDefaults;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * A T5 / FLAN-T5 encoder-decoder with its language-model head: the model the rest of Tuneline runs and
 * trains. Loading and saving Hugging Face checkpoint folders lives in {@code io.T5Checkpoint}, outside the layers.
 *
 * <p>Parameters are plain NDArrays keyed by Hugging Face names and owned by {@link #manager()}. Every array a
 * call produces is created in the manager of its input ids, so a caller that creates its inputs in a
 * short-lived sub-manager frees all intermediate arrays by closing it.
 */
public final class T5ForConditionalGeneration implements AutoCloseable {

    private final T5Config config;
    private final GenerationDefaults generationDefaults;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final T5Stack encoder;
    private final T5Stack decoder;
    private final NDArray lmHead;
    private final Path tokenizerJson;
    private final LoraAdapter adapter;
    private final boolean ownsManager;
    private T5Tokenizer tokenizer;

    /**
     * Wraps existing parameters. {@code parameters} must hold exactly the names of
     * {@link T5ParameterLayout#expectedShapes(T5Config)}; {@code tokenizerJson} may be null.
     */
    public T5ForConditionalGeneration(T5Config config, GenerationDefaults generationDefaults, NDManager manager,
            Map<String, NDArray> parameters, Path tokenizerJson) {
        this(config, generationDefaults, manager, parameters, tokenizerJson, null, true);
    }

    private T5ForConditionalGeneration(T5Config config, GenerationDefaults generationDefaults, NDManager manager,
            Map<String, NDArray> parameters, Path tokenizerJson, LoraAdapter adapter, boolean ownsManager) {
        this.config = config;
        this.generationDefaults = generationDefaults;
        this.manager = manager;
        this.parameters = Collections.unmodifiableMap(parameters);
        this.adapter = adapter;
        this.ownsManager = ownsManager;
        T5Weights weights = new T5Weights(parameters, adapter);
        NDArray shared = weights.require(T5ParameterLayout.SHARED);
        this.encoder = new T5Stack(config, weights, "encoder", shared, false);
        this.decoder = new T5Stack(config, weights, "decoder", shared, true);
        this.lmHead = config.tieWordEmbeddings() ? shared : weights.require(T5ParameterLayout.LM_HEAD);
        this.tokenizerJson = tokenizerJson;
    }

    /**
     * This model with a LoRA adapter applied: a view that shares this model's weights (nothing is copied or
     * changed; closing the view closes neither this model nor the adapter), so one base can serve many adapters.
     */
    public T5ForConditionalGeneration withAdapter(LoraAdapter adapter) {
        return new T5ForConditionalGeneration(config, generationDefaults, manager, parameters, tokenizerJson,
                adapter, false);
    }

    /** The LoRA adapter this view applies, if any. */
    public Optional<LoraAdapter> adapter() {
        return Optional.ofNullable(adapter);
    }

    /** A model with fresh random weights (HF's initialization), e.g. for benchmarks and tests. */
    public static T5ForConditionalGeneration randomlyInitialized(T5Config config) {
        NDManager manager = NDManager.newBaseManager();
        return new T5ForConditionalGeneration(config, GenerationDefaults.fromModelConfig(config), manager,
                T5ParameterLayout.randomParameters(config, manager), null);
    }

    public T5Config config() {
        return config;
    }

    public GenerationDefaults generationDefaults() {
        return generationDefaults;
    }

    public NDManager manager() {
        return manager;
    }

    /** The model's own weights by Hugging Face name, in state_dict order (without any adapter). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /**
     * What a training step updates: every parameter, or with a LoRA adapter only the adapter's weights (the base
     * stays frozen: no gradient, no optimizer state).
     */
    public Map<String, NDArray> trainableParameters() {
        return adapter == null ? parameters : adapter.weights();
    }

    /**
     * Switches gradient tracking of the trainable parameters on (for training) or off. Off by default, so that
     * inference never records a graph, whatever the calling thread's autograd mode.
     */
    public void setTrainable(boolean trainable) {
        trainableParameters().values().forEach(parameter -> parameter.setRequiresGradient(trainable));
    }

    /** The tokenizer shipped with the checkpoint (tokenizer.json), loaded on first use. */
    public synchronized Optional<T5Tokenizer> tokenizer() {
        if (tokenizer == null && tokenizerJson != null) {
            tokenizer = T5Tokenizer.load(tokenizerJson);
        }
        return Optional.ofNullable(tokenizer);
    }

    /** Encoder hidden states {@code [B, S, d_model]} for ids and 0/1 mask {@code [B, S]} (int64). */
    public NDArray encode(NDArray inputIds, NDArray attentionMask, boolean training) {
        return encoder.encode(inputIds, attentionMask, training);
    }

    /**
     * Logits {@code [B, T, vocab]}. With {@code cache == null}: full teacher-forced decoding of
     * {@code decoderInputIds}. With a cache: {@code decoderInputIds} holds only the new positions; their
     * self-attention keys/values are appended to the cache, and the cross-attention keys/values of
     * {@code encoderHidden} are computed on the first call and reused.
     */
    public NDArray decode(NDArray decoderInputIds, NDArray encoderHidden, NDArray encoderAttentionMask,
            DecoderCache cache, boolean training) {
        NDArray hidden = decoder.decode(decoderInputIds, encoderHidden, encoderAttentionMask, cache, training);
        if (config.scaleDecoderOutputs()) {
            // Mesh-TensorFlow T5 rescales before the tied head, since the embedding table was not scaled.
            hidden = Ops.scale(hidden, (float) Math.pow(config.dModel(), -0.5));
        }
        return Ops.linear(hidden, lmHead);
    }

    /**
     * Computes the cross-attention keys and values of {@code encoderHidden} (and the encoder mask) into an empty
     * {@code cache} without decoding a position, so that a continuous batch can take the rows in and decode their
     * first position together with its running rows.
     */
    public void prefillCrossAttention(NDArray encoderHidden, NDArray encoderAttentionMask, DecoderCache cache) {
        decoder.prefillCrossAttention(encoderHidden, encoderAttentionMask, cache);
    }

    /** An empty key/value cache for incremental decoding; close it when the sequence is done. */
    public DecoderCache newCache() {
        return new DecoderCache(manager, decoder.layers());
    }

    /**
     * Teacher-forced pass over a labelled batch: the decoder reads the labels shifted right (start token
     * first, -100 replaced by the pad id) and the loss is the mean cross-entropy over labels != -100.
     */
    public ForwardOutput forward(NDArray inputIds, NDArray attentionMask, NDArray labels, boolean training) {
        NDArray encoderHidden = encode(inputIds, attentionMask, training);
        NDArray logits = decode(shiftRight(labels), encoderHidden, attentionMask, null, training);
        return new ForwardOutput(Seq2SeqLoss.mean(logits, labels), logits, encoderHidden);
    }

    /**
     * Hugging Face's {@code _shift_right}: labels {@code [B, T]} shifted one position right behind the decoder
     * start token, with ignored labels (-100) replaced by the pad id.
     */
    public NDArray shiftRight(NDArray labels) {
        return Seq2SeqLoss.shiftRight(labels, config.decoderStartTokenId(), config.padTokenId());
    }

    /** The tokenizer.json the model was loaded with, or null. */
    public Path tokenizerJson() {
        return tokenizerJson;
    }

    @Override
    public synchronized void close() {
        if (tokenizer != null) {
            tokenizer.close();
        }
        if (ownsManager) {
            manager.close();
        }
    }
}

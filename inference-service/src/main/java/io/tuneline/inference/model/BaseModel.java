package io.tuneline.inference.model;

import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One loaded set of model weights with its tokenizer, shared by the engine that serves the weights as they are and
 * by the engines of every LoRA adapter applied on them ({@link T5ForConditionalGeneration#withAdapter} views), so
 * that many adapters cost one base in memory. The model name's slot holds it while it is the slot's base; every
 * engine built on it holds it too; the weights are closed when the last holder lets go.
 */
public final class BaseModel {

    private static final Logger LOG = Logger.getLogger(BaseModel.class);

    private final String location;
    private final T5ForConditionalGeneration model;
    private final T5Tokenizer tokenizer;
    private final AdapterPool adapters;
    /** Starts at one: the hold of the slot that loaded it. */
    private final AtomicInteger holders = new AtomicInteger(1);

    public BaseModel(String location, T5ForConditionalGeneration model, T5Tokenizer tokenizer, AdapterPool adapters) {
        this.location = location;
        this.model = model;
        this.tokenizer = tokenizer;
        this.adapters = adapters;
    }

    /** Where the weights were loaded from ({@code s3://…} or a local folder): the base every answer names. */
    public String location() {
        return location;
    }

    public T5ForConditionalGeneration model() {
        return model;
    }

    public T5Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The adapters loaded on demand on this base, least recently used evicted first. */
    public AdapterPool adapters() {
        return adapters;
    }

    /**
     * Whether an adapter that names {@code declared} as its {@code base_model_name_or_path} was trained on these
     * weights: the same location, or the same model name (a Hugging Face id such as {@code google/flan-t5-small}
     * matches {@code s3://tuneline-models/flan-t5-small/}). An adapter that names no base is taken on trust; its
     * module names and shapes are still checked when it is loaded.
     */
    public boolean matches(String declared) {
        if (declared == null || declared.isBlank()) {
            return true;
        }
        String mine = trimSlashes(location);
        String theirs = trimSlashes(declared.strip());
        return mine.equals(theirs) || modelName(mine).equals(modelName(theirs));
    }

    /**
     * The last path segment, or the last two for a training run's folder ({@code run-7/final}, {@code run-7/step-40}),
     * whose last segment alone says nothing.
     */
    static String modelName(String location) {
        String[] segments = location.split("/");
        String last = segments[segments.length - 1];
        boolean runFolder = last.equals("final") || last.matches("step-\\d+");
        return runFolder && segments.length > 1 ? segments[segments.length - 2] + "/" + last : last;
    }

    private static String trimSlashes(String value) {
        String trimmed = value;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** Another holder (an engine being built), unless the weights are already closed. */
    boolean tryHold() {
        while (true) {
            int now = holders.get();
            if (now == 0) {
                return false;
            }
            if (holders.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A holder lets go; the last one closes the weights. */
    void letGo() {
        if (holders.decrementAndGet() == 0) {
            model.close();
            LOG.infof("released the base %s", location);
        }
    }

    /**
     * The slot no longer serves this base: its adapters take no new requests (each is closed when its running
     * requests end) and the slot's hold is let go.
     */
    public void retire() {
        adapters.retire();
        letGo();
    }

    /** Whether the weights are closed (every holder let go). */
    public boolean closed() {
        return holders.get() == 0;
    }
}

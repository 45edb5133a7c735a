package io.tuneline.inference.model;

import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.serve.ContinuousBatcher;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One servable model: a base's weights as they are, or with a LoRA adapter applied (a view sharing the base's
 * weights), with its own batching engine. Requests hold a lease while they run; once the model is retired (replaced
 * by a hot swap, or an adapter evicted) it takes no new leases and is closed when the last one is released. Closing
 * closes the engine and the adapter and lets go of the base, whose weights close with their last holder.
 */
public final class LoadedModel {

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    private final ModelVersion version;
    private final BaseModel base;
    private final LoraAdapter adapter;
    private final ContinuousBatcher batcher;
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;
    private volatile boolean released;

    /**
     * {@code base} must already be held for this model ({@link BaseModel#tryHold()}); {@code adapter} (null for the
     * base as it is) becomes this model's to close.
     */
    LoadedModel(ModelVersion version, BaseModel base, LoraAdapter adapter, ContinuousBatcher batcher) {
        this.version = version;
        this.base = base;
        this.adapter = adapter;
        this.batcher = batcher;
    }

    public ModelVersion version() {
        return version;
    }

    public T5Tokenizer tokenizer() {
        return base.tokenizer();
    }

    /** The weights this model runs on (shared with the adapters applied on them). */
    public BaseModel base() {
        return base;
    }

    /** Whether it is closed: retired and its last request finished. */
    public boolean closed() {
        return closed.get() && released;
    }

    public ContinuousBatcher batcher() {
        return batcher;
    }

    /** Requests running on this model now. */
    public int leases() {
        return leases.get();
    }

    public boolean retired() {
        return retired;
    }

    /** Takes a lease unless the model is retired; a taken lease must be {@link #release()}d exactly once. */
    boolean tryAcquire() {
        leases.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    public void release() {
        if (leases.decrementAndGet() == 0 && retired) {
            closeLater();
        }
    }

    /** No new requests from now on; closes once the running ones are done. */
    public void retire() {
        retired = true;
        batcher.shutdown();
        if (leases.get() == 0) {
            closeLater();
        }
    }

    /**
     * Closes on a thread of its own: the last release usually happens on the engine's thread, which cannot wait
     * for itself to end.
     */
    private void closeLater() {
        if (closed.compareAndSet(false, true)) {
            Thread closer = new Thread(() -> {
                batcher.close();
                try {
                    batcher.awaitTermination(Duration.ofMinutes(1));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (adapter != null) {
                    adapter.close();
                }
                base.letGo();
                released = true;
                LOG.infof("released %s (%s)", version.modelName(), version.label());
            }, "release-" + version.modelName());
            closer.setDaemon(true);
            closer.start();
        }
    }
}

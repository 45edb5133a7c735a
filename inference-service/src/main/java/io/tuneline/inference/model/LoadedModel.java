package io.tuneline.inference.model;

import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.serve.ContinuousBatcher;
import io.tuneline.model.tokenizer.T5Tokenizer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One loaded checkpoint with its tokenizer and batching engine. Requests hold a lease while they run; once the
 * model is retired (replaced by a hot swap) it takes no new leases and is closed when the last one is released.
 */
public final class LoadedModel {

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    private final ModelVersion version;
    private final T5ForConditionalGeneration model;
    private final T5Tokenizer tokenizer;
    private final ContinuousBatcher batcher;
    private final AtomicInteger leases = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;

    public LoadedModel(ModelVersion version, T5ForConditionalGeneration model, T5Tokenizer tokenizer,
                       ContinuousBatcher batcher) {
        this.version = version;
        this.model = model;
        this.tokenizer = tokenizer;
        this.batcher = batcher;
    }

    public ModelVersion version() {
        return version;
    }

    public T5Tokenizer tokenizer() {
        return tokenizer;
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
    void retire() {
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
                model.close();
                LOG.infof("released %s (%s)", version.modelName(), version.label());
            }, "release-" + version.modelName());
            closer.setDaemon(true);
            closer.start();
        }
    }
}

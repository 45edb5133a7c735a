package io.tuneline.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * The one lifecycle of an embedded server: a data directory (given, or temporary and removed on {@link #close()}),
 * an idempotent {@link #start()} that undoes a half-finished start, {@link #stop()} that keeps the data, and
 * {@link #restart()} on the same ports with the same data.
 *
 * <p>Subclasses only say how to serve and how to stop serving.
 */
public abstract class EmbeddedServer<S extends EmbeddedServer<S>> implements AutoCloseable {

    private final String name;
    private final Path dataDir;
    private final boolean ownsDataDir;
    private boolean running;

    /** {@code dataDir} null means a temporary directory named {@code tempPrefix…}, removed on close. */
    protected EmbeddedServer(String name, Path dataDir, String tempPrefix) {
        this.name = name;
        this.ownsDataDir = dataDir == null;
        this.dataDir = ownsDataDir ? TempDirectories.create(tempPrefix) : dataDir.toAbsolutePath();
    }

    /** Starts serving on {@code dataDir} and returns once requests are answered. */
    protected abstract void startServing(Path dataDir) throws Exception;

    /** Stops serving; called after a failed {@link #startServing} too, so it must tolerate a partial start. */
    protected abstract void stopServing() throws Exception;

    /** The port clients connect to. */
    public abstract int port();

    /** What clients connect to: {@code bootstrap.servers} or an endpoint URL. */
    public abstract String address();

    /** Starts the server (once) and waits until it serves requests. */
    public final synchronized S start() {
        if (running) {
            return self();
        }
        try {
            Files.createDirectories(dataDir);
            // Marked running before serving so that a failed start is stopped again below.
            running = true;
            startServing(dataDir);
            return self();
        } catch (Exception e) {
            stopQuietly(e);
            throw new IllegalStateException(name + " did not start on port " + port(), e);
        }
    }

    /** Stops the server; its data directory and ports are kept for a later {@link #start()}. */
    public final synchronized void stop() {
        if (!running) {
            return;
        }
        try {
            stopServing();
        } catch (Exception e) {
            throw new IllegalStateException(name + " did not stop cleanly", e);
        } finally {
            running = false;
        }
    }

    /** Stops and starts the server on the same ports with the same data. */
    public final synchronized S restart() {
        stop();
        return start();
    }

    public final synchronized boolean isRunning() {
        return running;
    }

    /** Where the server keeps its data. */
    public final Path dataDir() {
        return dataDir;
    }

    /** Stops the server and removes its data directory if this server created it. */
    @Override
    public final synchronized void close() {
        stop();
        if (ownsDataDir) {
            TempDirectories.deleteRecursively(dataDir);
        }
    }

    /** Polls {@code ready} every {@code interval} until it holds; fails after {@code timeout} with the last error. */
    protected static void awaitReady(String what, Duration timeout, Duration interval, Callable<Boolean> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                if (ready.call()) {
                    return;
                }
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastFailure = e;
            }
            Thread.sleep(interval.toMillis());
        }
        throw new IllegalStateException(what + " not ready after " + timeout, lastFailure);
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }

    private void stopQuietly(Exception cause) {
        try {
            stop();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}

package io.tuneline.inference.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * The LoRA adapters loaded on one base, by adapter name: each loaded once on first use (however many requests ask
 * at the same time), the least recently used one evicted when more than {@code maxLoaded} are loaded. An evicted
 * adapter takes no new requests and is closed when the requests running on it have finished; a request that asks
 * for it later loads it again.
 */
public final class AdapterPool {

    private final int maxLoaded;
    private final Runnable onEvicted;
    /** In access order, so the first loaded entry is the least recently used. */
    private final LinkedHashMap<String, CompletableFuture<LoadedModel>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private boolean retired;

    public AdapterPool(int maxLoaded, Runnable onEvicted) {
        if (maxLoaded < 1) {
            throw new IllegalArgumentException("at least one adapter must fit, not " + maxLoaded);
        }
        this.maxLoaded = maxLoaded;
        this.onEvicted = onEvicted;
    }

    /**
     * A lease on the engine of adapter {@code name} (to be {@link LoadedModel#release()}d once), loaded with
     * {@code load} when absent; null once the pool is retired (its base was replaced: ask the slot again). A failed
     * load is thrown to every request waiting for it and is not remembered: the next request tries again.
     */
    public LoadedModel acquire(String name, Function<String, LoadedModel> load) {
        while (true) {
            CompletableFuture<LoadedModel> entry;
            boolean loadHere = false;
            synchronized (this) {
                if (retired) {
                    return null;
                }
                entry = entries.get(name);
                if (entry == null) {
                    entry = new CompletableFuture<>();
                    entries.put(name, entry);
                    loadHere = true;
                } else if (entry.isDone() && !entry.isCompletedExceptionally() && entry.join().tryAcquire()) {
                    return entry.join();
                }
            }
            if (loadHere) {
                loadInto(name, entry, load);
            }
            LoadedModel engine;
            try {
                engine = entry.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
            synchronized (this) {
                // Evicted or retired between the load and this lease: look again (it loads anew).
                if (!retired && entries.get(name) == entry && engine.tryAcquire()) {
                    return engine;
                }
            }
        }
    }

    private void loadInto(String name, CompletableFuture<LoadedModel> entry, Function<String, LoadedModel> load) {
        LoadedModel engine;
        try {
            engine = load.apply(name);
        } catch (RuntimeException e) {
            synchronized (this) {
                entries.remove(name, entry);
            }
            entry.completeExceptionally(e);
            return;
        }
        List<LoadedModel> evicted = new ArrayList<>();
        synchronized (this) {
            if (retired) {
                engine.retire();
            } else {
                evicted = evictBeyond(maxLoaded - 1, name);
            }
            entry.complete(engine);
        }
        evicted.forEach(old -> {
            old.retire();
            onEvicted.run();
        });
    }

    /** Removes least recently used loaded adapters (never {@code keep}) until at most {@code room} others remain. */
    private List<LoadedModel> evictBeyond(int room, String keep) {
        List<LoadedModel> evicted = new ArrayList<>();
        int others = (int) entries.entrySet().stream()
                .filter(e -> !e.getKey().equals(keep) && isLoaded(e.getValue())).count();
        Iterator<Map.Entry<String, CompletableFuture<LoadedModel>>> eldestFirst = entries.entrySet().iterator();
        while (others > room && eldestFirst.hasNext()) {
            Map.Entry<String, CompletableFuture<LoadedModel>> candidate = eldestFirst.next();
            if (!candidate.getKey().equals(keep) && isLoaded(candidate.getValue())) {
                evicted.add(candidate.getValue().join());
                eldestFirst.remove();
                others--;
            }
        }
        return evicted;
    }

    /** The loaded adapters, least recently used first. */
    public synchronized List<LoadedModel> loaded() {
        return entries.values().stream().filter(AdapterPool::isLoaded).map(CompletableFuture::join).toList();
    }

    public synchronized int size() {
        return (int) entries.values().stream().filter(AdapterPool::isLoaded).count();
    }

    public int maxLoaded() {
        return maxLoaded;
    }

    /** No new requests from now on; every adapter is closed when its running requests end. */
    void retire() {
        List<LoadedModel> loaded;
        synchronized (this) {
            retired = true;
            loaded = entries.values().stream().filter(AdapterPool::isLoaded).map(CompletableFuture::join).toList();
            entries.clear();
        }
        loaded.forEach(LoadedModel::retire);
    }

    private static boolean isLoaded(CompletableFuture<LoadedModel> entry) {
        return entry.isDone() && !entry.isCompletedExceptionally();
    }
}

package io.tuneline.dataset.service;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer per dataset at a time: a version's parent must be the latest version, so uploads and stream cuts
 * of one dataset take turns. (Within one replica; run dataset-service as a single replica.)
 */
@ApplicationScoped
public class DatasetLocks {

    private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    public <T> T withLock(String datasetId, Supplier<T> work) {
        ReentrantLock lock = locks.computeIfAbsent(datasetId, id -> new ReentrantLock(true));
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}

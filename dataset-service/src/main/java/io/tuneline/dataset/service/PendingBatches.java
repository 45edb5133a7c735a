package io.tuneline.dataset.service;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which pending chats belong to which cut. Newly stored chats collect in an open batch; the count trigger seals it
 * the moment it holds {@code cutEvery} distinct chats, so the trigger fires once per N new chats however fast they
 * arrive, and each sealed batch is exactly what one cut takes. A chat already in a sealed batch (a redelivery while
 * its cut waits or runs) does not count again.
 */
final class PendingBatches {

    /** The pending keys one cut takes, and why it was cut. */
    record Batch(String trigger, List<String> keys) {
    }

    private final int cutEvery;
    private final String countTrigger;
    private final Set<String> open = new LinkedHashSet<>();
    /** Keys of sealed batches whose cut has not finished. */
    private final Set<String> sealed = new HashSet<>();

    PendingBatches(int cutEvery, String countTrigger) {
        if (cutEvery < 1) {
            throw new IllegalArgumentException("cut-every-examples must be at least 1, not " + cutEvery);
        }
        this.cutEvery = cutEvery;
        this.countTrigger = countTrigger;
    }

    /** A chat was stored under {@code key}; returns the batch it completed, if any. */
    synchronized Optional<Batch> arrived(String key) {
        if (sealed.contains(key) || !open.add(key)) {
            return Optional.empty();
        }
        return open.size() >= cutEvery ? Optional.of(seal(countTrigger)) : Optional.empty();
    }

    /** Seals everything open (plus {@code alsoPending} found in storage and not yet in any batch), if anything. */
    synchronized Optional<Batch> sealOpen(String trigger, Collection<String> alsoPending) {
        for (String key : alsoPending) {
            if (!sealed.contains(key)) {
                open.add(key);
            }
        }
        return open.isEmpty() ? Optional.empty() : Optional.of(seal(trigger));
    }

    /**
     * The cut of {@code batch} is over; {@code retry} are its keys that stay pending (rewritten while it ran, or
     * unreadable, or all of them when the cut failed) and go back to the open batch without triggering a cut.
     */
    synchronized void finished(Batch batch, Collection<String> retry) {
        batch.keys().forEach(sealed::remove);
        open.addAll(retry);
    }

    /** Seals the open batch when it is full (after {@link #finished} returned chats to it). */
    synchronized Optional<Batch> sealIfFull() {
        return open.size() >= cutEvery ? Optional.of(seal(countTrigger)) : Optional.empty();
    }

    synchronized boolean contains(String key) {
        return open.contains(key) || sealed.contains(key);
    }

    synchronized int size() {
        return open.size() + sealed.size();
    }

    private Batch seal(String trigger) {
        List<String> keys = List.copyOf(open);
        open.clear();
        sealed.addAll(keys);
        return new Batch(trigger, keys);
    }
}

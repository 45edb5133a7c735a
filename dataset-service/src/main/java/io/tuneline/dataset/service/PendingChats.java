package io.tuneline.dataset.service;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The support chats stored as pending but not yet in a version, in memory, and which pending object holds each.
 * Storage is only for durability: a cut takes the chats from here and reads no object.
 *
 * <p>A <em>candidate</em> is one chat id with one content hash. A redelivery collapses onto its candidate and keeps
 * the earliest delivery (within a partition the lower offset; across partitions the one seen first), so a
 * redelivery never changes which copy came first. The same id with other texts is another candidate, which the cut
 * offers after the first and dead-letters. An object may be deleted once it holds no candidate that is pending.
 */
final class PendingChats {

    /** A candidate and the object holding its earliest delivery. */
    private record Held(PendingExample chat, String objectKey) {
    }

    /** What to do with pending objects after a cut: delete, or rewrite with only the chats still pending. */
    record Cleanup(List<String> delete, Map<String, List<PendingExample>> rewrite) {
    }

    private final Map<String, Held> candidates = new HashMap<>();
    /** Object key → the candidates it holds (their earliest delivery); insertion order = storage order. */
    private final Map<String, Set<String>> objects = new LinkedHashMap<>();

    static String candidateKey(PendingExample chat) {
        return chat.example().id() + '\u0000' + chat.example().contentHash();
    }

    /** The chats of {@code objectKey} are durably stored; returns the keys of the candidates they add. */
    synchronized List<String> stored(String objectKey, List<PendingExample> chats) {
        Set<String> held = objects.computeIfAbsent(objectKey, key -> new HashSet<>());
        List<String> added = new ArrayList<>();
        for (PendingExample chat : chats) {
            String key = candidateKey(chat);
            Held known = candidates.get(key);
            if (known == null) {
                added.add(key);
            } else if (!isEarlier(chat, known.chat())) {
                continue;
            } else {
                objects.get(known.objectKey()).remove(key);
            }
            candidates.put(key, new Held(chat, objectKey));
            held.add(key);
        }
        return added;
    }

    private static boolean isEarlier(PendingExample chat, PendingExample than) {
        return chat.partition() == than.partition() && chat.offset() < than.offset();
    }

    synchronized boolean knowsObject(String objectKey) {
        return objects.containsKey(objectKey);
    }

    /** The chats of these candidates that are still pending. */
    synchronized List<PendingExample> chats(Collection<String> keys) {
        List<PendingExample> chats = new ArrayList<>(keys.size());
        for (String key : keys) {
            Held held = candidates.get(key);
            if (held != null) {
                chats.add(held.chat());
            }
        }
        return chats;
    }

    /**
     * A version holds these candidates now: forgets them. Returns the objects that hold nothing pending any more
     * (to delete) and those of {@code keys} that still hold other pending chats (to rewrite with only those, so
     * that a restart does not read the consumed chats again).
     */
    synchronized Cleanup consumed(Collection<String> keys) {
        Set<String> touched = new HashSet<>();
        for (String key : keys) {
            Held held = candidates.remove(key);
            if (held != null) {
                objects.get(held.objectKey()).remove(key);
                touched.add(held.objectKey());
            }
        }
        List<String> delete = new ArrayList<>();
        Map<String, List<PendingExample>> rewrite = new LinkedHashMap<>();
        objects.forEach((objectKey, held) -> {
            if (held.isEmpty()) {
                delete.add(objectKey);
            } else if (touched.contains(objectKey)) {
                rewrite.put(objectKey, chats(held));
            }
        });
        return new Cleanup(delete, rewrite);
    }

    /** {@code replacement} holds the chats {@code original} still held (written by a cleanup); moves them there. */
    synchronized void moved(String original, String replacement, List<PendingExample> chats) {
        Set<String> target = objects.computeIfAbsent(replacement, key -> new HashSet<>());
        Set<String> source = objects.getOrDefault(original, Set.of());
        for (PendingExample chat : chats) {
            String key = candidateKey(chat);
            Held held = candidates.get(key);
            if (held != null && held.objectKey().equals(original)) {
                candidates.put(key, new Held(held.chat(), replacement));
                source.remove(key);
                target.add(key);
            }
        }
    }

    /** The object is gone from storage; it must hold nothing pending. */
    synchronized void deleted(String objectKey) {
        Set<String> held = objects.get(objectKey);
        if (held != null && held.isEmpty()) {
            objects.remove(objectKey);
        }
    }

    /** Whether the object holds nothing pending (so it may be deleted). */
    synchronized boolean isEmpty(String objectKey) {
        Set<String> held = objects.get(objectKey);
        return held == null || held.isEmpty();
    }

    /** The keys of every pending candidate. */
    synchronized List<String> keys() {
        return List.copyOf(candidates.keySet());
    }

    synchronized int size() {
        return candidates.size();
    }

    synchronized int objectCount() {
        return objects.size();
    }
}

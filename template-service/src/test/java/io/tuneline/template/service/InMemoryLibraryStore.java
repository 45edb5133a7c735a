package io.tuneline.template.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link LibraryStore} in a map, for registry tests where S3 is not the point; counts the reads it serves. */
final class InMemoryLibraryStore extends LibraryStore {

    private final Map<String, Object> entries = new TreeMap<>();
    int reads;

    InMemoryLibraryStore() {
        super(null, null, null);
    }

    @Override
    public boolean exists(String collection, String id) {
        return entries.containsKey(collection + "/" + id);
    }

    @Override
    public <T> Optional<T> get(String collection, String id, Class<T> type) {
        reads++;
        return Optional.ofNullable(entries.get(collection + "/" + id)).map(type::cast);
    }

    @Override
    public <T> List<T> list(String collection, Class<T> type) {
        List<T> found = new ArrayList<>();
        entries.forEach((key, value) -> {
            if (key.startsWith(collection + "/")) {
                found.add(type.cast(value));
            }
        });
        return found;
    }

    @Override
    public void put(String collection, String id, Object entry) {
        entries.put(collection + "/" + id, entry);
    }

    @Override
    public void delete(String collection, String id) {
        entries.remove(collection + "/" + id);
    }
}

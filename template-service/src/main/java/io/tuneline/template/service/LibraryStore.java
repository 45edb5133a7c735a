package io.tuneline.template.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Custom templates, tasks and mixtures as JSON objects in the prompts bucket ({@code _library/<collection>/<id>.json}),
 * so every replica and every restart sees the same library.
 */
@ApplicationScoped
public class LibraryStore {

    public static final String TEMPLATES = "templates";
    public static final String TASKS = "tasks";
    public static final String MIXTURES = "mixtures";

    private final ObjectStore store;
    private final StorageLayout layout;
    private final ObjectMapper mapper;

    LibraryStore(ObjectStore store, StorageLayout layout, ObjectMapper mapper) {
        this.store = store;
        this.layout = layout;
        this.mapper = mapper;
    }

    public boolean exists(String collection, String id) {
        ObjectRef ref = layout.promptsLibraryEntry(collection, id);
        return store.exists(ref.bucket(), ref.key());
    }

    public <T> Optional<T> get(String collection, String id, Class<T> type) {
        ObjectRef ref = layout.promptsLibraryEntry(collection, id);
        if (!store.exists(ref.bucket(), ref.key())) {
            return Optional.empty();
        }
        return Optional.of(read(ref, type));
    }

    public <T> List<T> list(String collection, Class<T> type) {
        List<T> entries = new ArrayList<>();
        for (StoredObject object : store.list(layout.prompts(), layout.promptsLibraryPrefix(collection))) {
            entries.add(read(new ObjectRef(object.bucket(), object.key()), type));
        }
        return entries;
    }

    public void put(String collection, String id, Object entry) {
        ObjectRef ref = layout.promptsLibraryEntry(collection, id);
        try {
            store.put(ref.bucket(), ref.key(), mapper.writeValueAsBytes(entry));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + ref, e);
        }
    }

    public void delete(String collection, String id) {
        ObjectRef ref = layout.promptsLibraryEntry(collection, id);
        store.delete(ref.bucket(), ref.key());
    }

    private <T> T read(ObjectRef ref, Class<T> type) {
        try {
            return mapper.readValue(store.getBytes(ref.bucket(), ref.key()), type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ref, e);
        }
    }
}

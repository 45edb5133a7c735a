package io.tuneline.trainer.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Small JSON records in object storage (run records, registrations, policies): read one, write one. */
@ApplicationScoped
public class JsonObjects {

    private final ObjectStore store;
    private final ObjectMapper json;

    JsonObjects(ObjectStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    /** The object as {@code type}, or empty when there is none; an unreadable one is an error. */
    public <T> Optional<T> read(ObjectRef ref, Class<T> type) {
        try {
            return Optional.of(json.readValue(store.getBytes(ref.bucket(), ref.key()), type));
        } catch (ObjectNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + ref, e);
        }
    }

    public void write(ObjectRef ref, Object value) {
        try {
            store.put(ref.bucket(), ref.key(), json.writeValueAsBytes(value), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + ref, e);
        }
    }
}

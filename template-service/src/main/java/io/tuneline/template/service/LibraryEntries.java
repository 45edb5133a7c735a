package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One kind of library entry (tasks, templates, mixtures): the shipped ones first, then the custom ones kept in S3
 * by {@link LibraryStore}. The lookup the three registries share; each registry adds its own validation.
 */
final class LibraryEntries<T> {

    private final LibraryStore store;
    private final String collection;
    private final Class<T> type;
    private final Pattern validId;
    private final Function<String, Optional<T>> shipped;
    private final String kind;
    private final String idDetail;

    /**
     * {@code kind} names the entry in errors ({@code unknown-<kind>}, "no kind 'id'"), {@code idDetail} is the key
     * of the id in the 404's details.
     */
    LibraryEntries(LibraryStore store, String collection, Class<T> type, Pattern validId,
                   Function<String, Optional<T>> shipped, String kind, String idDetail) {
        this.store = store;
        this.collection = collection;
        this.type = type;
        this.validId = validId;
        this.shipped = shipped;
        this.kind = kind;
        this.idDetail = idDetail;
    }

    /** The shipped entry, else the stored one; an id that cannot be valid is not looked up in S3. */
    Optional<T> find(String id) {
        Optional<T> entry = id == null ? Optional.empty() : shipped.apply(id);
        if (entry.isPresent() || id == null || !validId.matcher(id).matches()) {
            return entry;
        }
        return store.get(collection, id, type);
    }

    /** The entry, or a 404 {@code unknown-<kind>} naming the id. */
    T require(String id) {
        return find(id).orElseThrow(() -> ApiException.notFound("unknown-" + kind, "no " + kind + " '" + id + "'",
                Map.of(idDetail, String.valueOf(id))));
    }

    /** The custom entries, in the store's order. */
    List<T> custom() {
        return store.list(collection, type);
    }

    void put(String id, T entry) {
        store.put(collection, id, entry);
    }

    void delete(String id) {
        store.delete(collection, id);
    }
}

package io.tuneline.template.service;

import io.tuneline.common.rest.ApiException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lookup the three library registries share, over an in-memory store. */
class LibraryEntriesTest {

    private final InMemoryLibraryStore store = new InMemoryLibraryStore();
    private final LibraryEntries<String> entries = new LibraryEntries<>(store, "things", String.class,
            Pattern.compile("[a-z]+"), id -> id.equals("shipped") ? Optional.of("the shipped one") : Optional.empty(),
            "thing", "thingId");

    @Test
    void aShippedEntryWinsOverAStoredOneAndIsFoundWithoutReadingTheStore() {
        entries.put("shipped", "a custom one under the same id");

        assertThat(entries.find("shipped")).contains("the shipped one");
        assertThat(store.reads).isZero();
    }

    @Test
    void findsStoredEntriesAndListsOnlyTheCustomOnes() {
        entries.put("custom", "mine");

        assertThat(entries.find("custom")).contains("mine");
        assertThat(entries.custom()).containsExactly("mine");
        entries.delete("custom");
        assertThat(entries.find("custom")).isEmpty();
    }

    @Test
    void anIdThatCannotBeValidIsNotLookedUp() {
        assertThat(entries.find("../etc")).isEmpty();
        assertThat(entries.find(null)).isEmpty();
        assertThat(store.reads).isZero();
    }

    @Test
    void requireAnswers404WithTheKindAndTheId() {
        assertThatThrownBy(() -> entries.require("missing"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.toApiError().error()).isEqualTo("unknown-thing");
                    assertThat(e.getMessage()).isEqualTo("no thing 'missing'");
                    assertThat(e.toApiError().details()).isEqualTo(Map.of("thingId", "missing"));
                });
    }
}

package io.tuneline.template.service;

import io.tuneline.template.library.MixtureSource;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.template.testing.TestData;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Library entries as JSON objects in the prompts bucket of the shared real S3 server. */
class LibraryStoreTest {

    private final LibraryStore library = new LibraryStore(SharedObjectStore.store(), SharedObjectStore.DEFAULT_LAYOUT, TestData.SERVICE_JSON);
    /** A collection of its own per test, since the server is shared. */
    private final String collection = SharedObjectStore.uniqueId("things");

    @Test
    void anEntryIsStoredReadBackListedAndDeleted() {
        MixtureSource entry = new MixtureSource(MixtureSource.DATASET, "chats", "v1");

        library.put(collection, "first", entry);

        assertThat(library.exists(collection, "first")).isTrue();
        assertThat(library.get(collection, "first", MixtureSource.class)).contains(entry);
        assertThat(SharedObjectStore.store().exists(SharedObjectStore.DEFAULT_LAYOUT.prompts(), "_library/" + collection + "/first.json"))
                .isTrue();
        library.delete(collection, "first");
        assertThat(library.exists(collection, "first")).isFalse();
        assertThat(library.get(collection, "first", MixtureSource.class)).isEmpty();
    }

    @Test
    void listsOnlyItsCollectionInIdOrder() {
        String other = SharedObjectStore.uniqueId("others");
        library.put(collection, "b", new MixtureSource(MixtureSource.GENERAL, null, null));
        library.put(collection, "a", new MixtureSource(MixtureSource.DATASET, "chats", "v1"));
        library.put(other, "c", new MixtureSource(MixtureSource.DATASET, "other", "v1"));

        assertThat(library.list(collection, MixtureSource.class)).extracting(MixtureSource::kind)
                .containsExactly(MixtureSource.DATASET, MixtureSource.GENERAL);
        assertThat(library.list(SharedObjectStore.uniqueId("empty"), MixtureSource.class)).isEmpty();
    }

    @Test
    void puttingAgainReplacesTheEntry() {
        library.put(collection, "x", new MixtureSource(MixtureSource.DATASET, "chats", "v1"));
        library.put(collection, "x", new MixtureSource(MixtureSource.DATASET, "chats", "v2"));

        assertThat(library.get(collection, "x", MixtureSource.class).orElseThrow().versionId()).isEqualTo("v2");
        assertThat(library.list(collection, MixtureSource.class)).hasSize(1);
    }
}

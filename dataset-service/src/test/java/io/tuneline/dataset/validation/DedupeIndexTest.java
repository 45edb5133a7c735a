package io.tuneline.dataset.validation;

import org.junit.jupiter.api.Test;

import static io.tuneline.dataset.validation.DedupeIndex.Verdict.EXACT_DUPLICATE;
import static io.tuneline.dataset.validation.DedupeIndex.Verdict.ID_CONFLICT;
import static io.tuneline.dataset.validation.DedupeIndex.Verdict.NEW;
import static io.tuneline.dataset.validation.DedupeIndex.Verdict.NORMALIZED_DUPLICATE;
import static io.tuneline.dataset.validation.DedupeIndex.Verdict.SAME_EXAMPLE;
import static org.assertj.core.api.Assertions.assertThat;

class DedupeIndexTest {

    @Test
    void tellsRedeliveriesIdConflictsAndExactAndNormalizedCopiesApart() {
        DedupeIndex index = new DedupeIndex();
        add(index, "1", "Hello there", "Greeting");

        assertThat(check(index, "1", "Hello there", "Greeting")).isEqualTo(SAME_EXAMPLE);
        assertThat(check(index, "1", "Something else", "Other")).isEqualTo(ID_CONFLICT);
        assertThat(check(index, "2", "Hello there", "Greeting")).isEqualTo(EXACT_DUPLICATE);
        assertThat(check(index, "2", "hello   THERE", "greeting")).isEqualTo(NORMALIZED_DUPLICATE);
        assertThat(check(index, "2", "Hello there", "Farewell")).isEqualTo(NEW);
    }

    @Test
    void growsPastItsInitialCapacityWithoutLosingEntries() {
        DedupeIndex index = new DedupeIndex();
        for (int i = 0; i < 50_000; i++) {
            add(index, "id-" + i, "input " + i, "output");
        }

        assertThat(index.size()).isEqualTo(50_000);
        for (int i = 0; i < 50_000; i += 997) {
            assertThat(check(index, "other-" + i, "INPUT " + i, "output")).isEqualTo(NORMALIZED_DUPLICATE);
        }
        assertThat(check(index, "id-50000", "input 50000", "output")).isEqualTo(NEW);
    }

    private static void add(DedupeIndex index, String id, String input, String output) {
        index.add(id, ContentHashing.exactHash(input, output), ContentHashing.contentHash(input, output));
    }

    private static DedupeIndex.Verdict check(DedupeIndex index, String id, String input, String output) {
        return index.check(id, ContentHashing.exactHash(input, output), ContentHashing.contentHash(input, output));
    }
}

package io.tuneline.dataset.service;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The count trigger: one sealed batch per N distinct chats, whatever arrives while cuts wait or run. */
class PendingBatchesTest {

    private final PendingBatches batches = new PendingBatches(3, "stream-count");

    @Test
    void sealsExactlyOnceEveryNDistinctChats() {
        assertThat(batches.arrived("a")).isEmpty();
        assertThat(batches.arrived("b")).isEmpty();
        assertThat(batches.arrived("a")).as("a repeat does not count").isEmpty();
        Optional<PendingBatches.Batch> first = batches.arrived("c");

        assertThat(first).hasValueSatisfying(batch -> {
            assertThat(batch.trigger()).isEqualTo("stream-count");
            assertThat(batch.keys()).containsExactly("a", "b", "c");
        });
        assertThat(batches.arrived("a")).as("a chat of a sealed batch does not count again").isEmpty();
        assertThat(batches.arrived("d")).isEmpty();
        assertThat(batches.size()).isEqualTo(4);
    }

    @Test
    void aFinishedCutReturnsWhatItDidNotConsumeToTheOpenBatch() {
        PendingBatches.Batch batch = seal("a", "b", "c");
        batches.arrived("d");
        batches.arrived("e");

        batches.finished(batch, List.of("c"));

        assertThat(batches.contains("a")).isFalse();
        assertThat(batches.contains("c")).isTrue();
        assertThat(batches.sealIfFull()).hasValueSatisfying(next ->
                assertThat(next.keys()).containsExactlyInAnyOrder("c", "d", "e"));
    }

    @Test
    void theIntervalSealsWhatIsOpenAndNothingWhenNothingIs() {
        batches.arrived("a");

        assertThat(batches.sealOpen("stream-interval", List.of("b"))).hasValueSatisfying(batch -> {
            assertThat(batch.trigger()).isEqualTo("stream-interval");
            assertThat(batch.keys()).containsExactly("a", "b");
        });
        assertThat(batches.sealOpen("stream-interval", List.of())).isEmpty();
    }

    @Test
    void refusesACutSizeBelowOne() {
        assertThatThrownBy(() -> new PendingBatches(0, "stream-count"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    private PendingBatches.Batch seal(String... keys) {
        Optional<PendingBatches.Batch> sealed = Optional.empty();
        for (String key : keys) {
            sealed = batches.arrived(key);
        }
        return sealed.orElseThrow();
    }
}

package io.tuneline.dataset.service;

import io.tuneline.dataset.model.Example;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which pending chats are remembered, which delivery counts as first, and which objects a cut may delete. */
class PendingChatsTest {

    private final PendingChats pending = new PendingChats();

    @Test
    void aRedeliveryCollapsesOntoItsChatAndKeepsTheEarliestOffsetOfItsPartition() {
        List<String> first = pending.stored("a", List.of(chat("x", "hello", 0, 7), chat("y", "other", 0, 8)));
        List<String> again = pending.stored("b", List.of(chat("x", "hello", 0, 7)));
        // Handled out of order: a later batch brought an earlier delivery of the same chat.
        List<String> earlier = pending.stored("c", List.of(chat("y", "other", 0, 3)));

        assertThat(first).hasSize(2);
        assertThat(again).isEmpty();
        assertThat(earlier).isEmpty();
        assertThat(pending.size()).isEqualTo(2);
        assertThat(pending.keys()).containsExactlyInAnyOrderElementsOf(first);
        assertThat(pending.chats(first)).extracting(PendingExample::offset).containsExactly(7L, 3L);
        assertThat(pending.isEmpty("b")).as("b holds only a redelivery").isTrue();
        assertThat(pending.isEmpty("a")).isFalse();
        assertThat(pending.isEmpty("c")).isFalse();
    }

    @Test
    void theSameIdWithOtherTextsIsAnotherCandidateSoTheCutCanDeadLetterIt() {
        List<String> keys = pending.stored("a", List.of(chat("x", "hello", 0, 1), chat("x", "changed", 0, 2)));

        assertThat(keys).hasSize(2);
        assertThat(pending.chats(keys)).extracting(c -> c.example().output()).containsExactly("hello", "changed");
    }

    @Test
    void aCutDeletesObjectsThatHoldNothingPendingAndRewritesThoseThatStillHoldChatsOfALaterCut() {
        List<String> inA = pending.stored("a", List.of(chat("1", "t1", 0, 1), chat("2", "t2", 0, 2)));
        List<String> inB = pending.stored("b", List.of(chat("3", "t3", 0, 3), chat("4", "t4", 0, 4)));
        pending.stored("c", List.of(chat("1", "t1", 0, 1)));                 // only a redelivery

        // The cut takes chats 1, 2 and 3; chat 4 waits for the next one.
        PendingChats.Cleanup cleanup = pending.consumed(List.of(inA.get(0), inA.get(1), inB.get(0)));

        assertThat(cleanup.delete()).containsExactlyInAnyOrder("a", "c");
        assertThat(cleanup.rewrite()).containsOnlyKeys("b");
        assertThat(cleanup.rewrite().get("b")).extracting(c -> c.example().id()).containsExactly("4");
        assertThat(pending.size()).isEqualTo(1);

        pending.moved("b", "b2", cleanup.rewrite().get("b"));
        assertThat(pending.isEmpty("b")).isTrue();
        pending.deleted("b");
        assertThat(pending.knowsObject("b")).isFalse();
        assertThat(pending.knowsObject("b2")).isTrue();
        assertThat(pending.consumed(List.of(inB.get(1))).delete()).contains("b2");
    }

    @Test
    void anObjectStillHoldingPendingChatsIsNeverForgotten() {
        pending.stored("a", List.of(chat("1", "t1", 0, 1)));

        pending.deleted("a");

        assertThat(pending.knowsObject("a")).isTrue();
        assertThat(pending.size()).isEqualTo(1);
    }

    private static PendingExample chat(String id, String output, int partition, long offset) {
        String input = "Customer: question " + id;
        Example example = new Example(id, input, output, List.of(), null, null, Example.STREAM_SOURCE,
                io.tuneline.dataset.validation.ContentHashing.contentHash(input, output));
        return new PendingExample(example, "tuneline.support-chats", partition, offset,
                Instant.parse("2026-12-05T00:00:00Z"));
    }
}

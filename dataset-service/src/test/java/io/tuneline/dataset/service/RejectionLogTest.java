package io.tuneline.dataset.service;

import io.tuneline.contracts.events.EventCodec;
import io.tuneline.dataset.validation.Rejection;
import io.tuneline.dataset.validation.RejectionCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RejectionLogTest {

    @TempDir
    Path spool;

    @Test
    void theResponseKeepsOnlyTheFirstRejectionsWhileTheCountsCoverAll() {
        try (RejectionLog log = new RejectionLog(3, spool.resolve("rejections.jsonl"))) {
            for (int row = 1; row <= 10; row++) {
                log.add(rejection(row, row % 2 == 0 ? RejectionCode.DUPLICATE : RejectionCode.EMPTY_FIELD));
            }

            assertThat(log.count()).isEqualTo(10);
            assertThat(log.countsByCode()).isEqualTo(Map.of("duplicate", 5L, "empty-field", 5L));
            assertThat(log.first()).extracting(Rejection::row).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aCapOfZeroKeepsNoneInlineButCountsThemAll() {
        try (RejectionLog log = new RejectionLog(0, spool.resolve("rejections.jsonl"))) {
            log.add(rejection(1, RejectionCode.TOO_LONG));

            assertThat(log.first()).isEmpty();
            assertThat(log.count()).isEqualTo(1);
            assertThat(replay(log)).hasSize(1);
        }
    }

    @Test
    void everyRejectionIsReplayedInOrderWithItsPayloadForTheDeadLetter() {
        // Payloads are raw rows: line breaks, quotes, non-ASCII and U+2028 must not break the spool's lines.
        String payload = "{\"dialogue\": \"line one\r\nline two \u2028 \\\"quoted\\\" caf\u00e9 \uD83D\uDE00\"}";
        try (RejectionLog log = new RejectionLog(1, spool.resolve("rejections.jsonl"))) {
            log.add(Rejection.of(7, RejectionCode.MALFORMED_ROW, "row is not a JSON object", null, payload));
            for (int row = 8; row < 1_000; row++) {
                log.add(rejection(row, RejectionCode.MISSING_FIELD));
            }

            List<Rejection> replayed = replay(log);

            assertThat(replayed).hasSize(993);
            assertThat(replayed.get(0)).isEqualTo(new Rejection(7, "malformed-row", "row is not a JSON object", null,
                    payload));
            assertThat(replayed).extracting(Rejection::row).isSorted().doesNotHaveDuplicates();
            assertThat(replayed.get(992)).isEqualTo(rejection(999, RejectionCode.MISSING_FIELD));
        }
    }

    @Test
    void aReplayCanBeRepeatedAndTheLogGrowsAfterIt() {
        try (RejectionLog log = new RejectionLog(10, spool.resolve("rejections.jsonl"))) {
            log.add(rejection(1, RejectionCode.DUPLICATE));
            assertThat(replay(log)).hasSize(1);

            log.add(rejection(2, RejectionCode.DUPLICATE));

            assertThat(replay(log)).extracting(Rejection::row).containsExactly(1L, 2L);
            assertThat(replay(log)).extracting(Rejection::row).containsExactly(1L, 2L);
        }
    }

    @Test
    void theStoredReportQuotesNoPayloadEvenThoughTheLogKeepsIt() throws IOException {
        String row = "{\"dialogue\": \"" + "secret customer text ".repeat(100) + "\"}";
        try (RejectionLog log = new RejectionLog(5, spool.resolve("rejections.jsonl"))) {
            log.add(Rejection.of(3, RejectionCode.EMPTY_FIELD, "output is empty or only whitespace", "chat-3", row));

            String reportEntry = EventCodec.mapper().writeValueAsString(log.first().get(0));

            assertThat(log.first().get(0).payload()).isEqualTo(row);
            assertThat(reportEntry).doesNotContain("secret customer text").contains("\"row\":3", "chat-3");
        }
    }

    @Test
    void theSpoolFileIsEmptiedFirstAndRemovedOnClose() throws IOException {
        Path file = spool.resolve("rejections.jsonl");
        Files.writeString(file, "{\"row\": 99, \"code\": \"left over by a crashed upload\"}\n");
        RejectionLog log = new RejectionLog(1, file);
        log.add(rejection(1, RejectionCode.DUPLICATE));

        assertThat(replay(log)).extracting(Rejection::row).containsExactly(1L);
        log.close();

        assertThat(file).doesNotExist();
    }

    private static Rejection rejection(long row, RejectionCode code) {
        return Rejection.of(row, code, "row " + row + " is " + code.wireName(), "id-" + row, "payload " + row);
    }

    private static List<Rejection> replay(RejectionLog log) {
        List<Rejection> replayed = new ArrayList<>();
        log.forEach(replayed::add);
        return replayed;
    }
}

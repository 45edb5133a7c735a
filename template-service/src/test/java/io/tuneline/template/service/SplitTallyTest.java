package io.tuneline.template.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.template.engine.FittedPrompt;
import io.tuneline.template.engine.RenderedPrompt;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SplitTallyTest {

    private static final ObjectRef FILE = new ObjectRef("prompts", "ds/v1/r-1/train.jsonl");

    private static FittedPrompt fitted(boolean truncated, boolean overLimit) {
        return new FittedPrompt(new RenderedPrompt("p", "c"), 3, truncated, overLimit);
    }

    @Test
    void countsRenderedTruncatedOverLimitAndSkippedExamples() {
        SplitTally tally = new SplitTally();
        tally.rendered("summarize", "t1", fitted(false, false));
        tally.rendered("summarize", "t2", fitted(true, false));
        tally.rendered("topic", "t3", fitted(false, true));
        tally.skip("missing-field");
        tally.skip("missing-field");
        tally.skip("invalid-json");

        SplitSummary summary = tally.summary(FILE);

        assertThat(summary.file()).isEqualTo(FILE);
        assertThat(summary.examples()).isEqualTo(3);
        assertThat(summary.truncated()).isEqualTo(1);
        assertThat(summary.overLimit()).isEqualTo(1);
        assertThat(summary.skipped()).isEqualTo(Map.of("missing-field", 2L, "invalid-json", 1L));
        assertThat(summary.byTask()).isEqualTo(Map.of("summarize", 2L, "topic", 1L));
        assertThat(summary.byTemplate()).isEqualTo(Map.of("t1", 1L, "t2", 1L, "t3", 1L));
        assertThat(summary.truncatedByTask()).isEqualTo(Map.of("summarize", 1L));
    }

    @Test
    void addingPartsGivesTheCountsOfCountingTheWholeAndKeepsKeysSorted() {
        SplitTally first = new SplitTally();
        first.rendered("summarize", "t2", fitted(true, false));
        first.skip("invalid-json");
        SplitTally second = new SplitTally();
        second.rendered("summarize", "t1", fitted(false, true));
        second.skip("invalid-json");

        SplitTally whole = new SplitTally();
        whole.add(first.summary(FILE));
        whole.add(second.summary(FILE));
        SplitSummary summary = whole.summary(FILE);

        assertThat(summary.examples()).isEqualTo(2);
        assertThat(summary.truncated()).isEqualTo(1);
        assertThat(summary.overLimit()).isEqualTo(1);
        assertThat(summary.skipped()).isEqualTo(Map.of("invalid-json", 2L));
        assertThat(summary.byTemplate().keySet()).containsExactly("t1", "t2");
    }
}

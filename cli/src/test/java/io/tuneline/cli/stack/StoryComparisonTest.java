package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One row per run: the gain with its interval, the worst held-out drop as the gate sees it, size and cost. */
class StoryComparisonTest {

    @Test
    void eachRunGetsItsGainForgettingSizeAndTime() {
        StoryReport.Run single = StoryAcceptanceTest.run("single-task", 0, new ConfidenceInterval(0.72, 0.66, 0.78),
                0.60, -0.60, false);
        StoryReport.Run lora = StoryAcceptanceTest.run("LoRA", 0, new ConfidenceInterval(0.50, 0.44, 0.56), 0.38,
                -0.02, true);

        List<StoryComparison.Row> rows = StoryComparison.of(List.of(single, lora));

        assertThat(rows).extracting(StoryComparison.Row::run).containsExactly("single-task", "LoRA");
        assertThat(rows.get(0).rougeLGain().estimate()).isEqualTo(0.60);
        assertThat(rows.get(0).meanHeldOutChange()).isCloseTo(-0.60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rows.get(0).heldOutSuiteChange()).isCloseTo(-0.60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rows.get(0).worstHeldOutTask()).isEqualTo("sentiment");
        assertThat(rows.get(0).worstHeldOutRelativeChange()).isCloseTo(-0.60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(rows.get(1).method()).isEqualTo("lora");
        assertThat(rows.get(1).promoted()).isTrue();

        String table = StoryComparison.render(rows);
        assertThat(table).contains("+0.600 [+0.550, +0.650]").contains("-60.0 %").contains("sentiment -60 %").contains("8,500,000")
                .contains("17.0 MB").contains("300 s").contains("PROMOTED").contains("rejected");
    }
}

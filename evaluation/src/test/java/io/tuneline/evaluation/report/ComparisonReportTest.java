package io.tuneline.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.evaluation.ForgettingResult.Verdict;
import io.tuneline.evaluation.RunComparison;
import io.tuneline.evaluation.RunComparison.ComparedRun;
import io.tuneline.evaluation.RunComparison.HeldOutChange;
import io.tuneline.evaluation.stats.ConfidenceInterval;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ComparisonReportTest {

    private static final ConfidenceInterval BASE = new ConfidenceInterval(0.12, 0.10, 0.14);

    @Test
    void labelsRunsByMethodMixtureAndRank() {
        assertThat(RunComparison.label("full", 0.0, null)).isEqualTo("full");
        assertThat(RunComparison.label("full", 0.3, null)).isEqualTo("multi-task full (30 % mixed)");
        assertThat(RunComparison.label("lora", 0.0, 8.0)).isEqualTo("LoRA r 8");
        assertThat(RunComparison.label(null, null, null)).isEqualTo("full");
    }

    @Test
    void meanRelativeChangeSkipsTasksTheBaseScoredZero() {
        List<HeldOutChange> changes = List.of(change("sentiment", 1.0, 0.5), change("topic", 0.8, 0.8),
                change("entity", 0.0, 0.2));
        assertThat(RunComparison.meanRelativeChange(changes)).isEqualTo(-0.25);
        assertThat(RunComparison.meanRelativeChange(List.of())).isNull();
    }

    @Test
    void theTableHasOneRowPerRunAndThePictureOnePointPerRun() throws Exception {
        RunComparison comparison = new RunComparison("rougeL", List.of("sentiment", "topic"), List.of(
                run("run-full", "full", 0.72, List.of(change("sentiment", 1.0, 0.0), change("topic", 1.0, 0.1)),
                        76_961_152L, 307_900_000L),
                run("run-mix", "multi-task full (30 % mixed)", 0.63, List.of(change("sentiment", 1.0, 1.0),
                        change("topic", 1.0, 0.9)), 76_961_152L, 307_900_000L),
                run("run-lora", "LoRA r 8", 0.40, List.of(change("sentiment", 1.0, 0.95)), 344_064L, 1_380_000L)));

        String html = ComparisonReport.html(comparison);

        assertThat(html).contains("<table id=\"comparison\">").contains("<th>sentiment</th><th>topic</th>");
        assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 3);
        assertThat(html).contains("LoRA r 8").contains("344.1 k (0.45 %)").contains("1.3 MiB")
                .contains("multi-task full (30 % mixed)").contains("293.6 MiB").contains("−95 %").contains("1 of 1");
        assertThat(html).contains("0.120 → 0.720").contains("+0.600");
        String svg = html.substring(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
        Document picture = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(picture.getElementsByTagName("circle").getLength()).isEqualTo(3);
        Element full = (Element) picture.getElementsByTagName("circle").item(0);
        Element mix = (Element) picture.getElementsByTagName("circle").item(1);
        assertThat(Double.parseDouble(full.getAttribute("cy"))).as("the run that forgot more is drawn lower")
                .isGreaterThan(Double.parseDouble(mix.getAttribute("cy")));
        assertThat(Double.parseDouble(full.getAttribute("cx"))).as("and its larger gain further right")
                .isGreaterThan(Double.parseDouble(mix.getAttribute("cx")));

        String text = ComparisonReport.text(comparison);
        assertThat(text.lines()).hasSize(4);
        assertThat(text.lines().skip(3).findFirst().orElseThrow()).startsWith("LoRA r 8").contains("−5 %");
    }

    private static ComparedRun run(String id, String label, double score, List<HeldOutChange> heldOut,
            long trainable, long checkpointBytes) {
        double gain = score - BASE.estimate();
        return new ComparedRun(id, label, label.startsWith("LoRA") ? "lora" : "full", "base", 50, BASE,
                new ConfidenceInterval(score, score - 0.05, score + 0.05),
                new ConfidenceInterval(gain, gain - 0.06, gain + 0.06), heldOut,
                RunComparison.meanRelativeChange(heldOut),
                (int) heldOut.stream().filter(c -> c.verdict() == Verdict.WORSE).count(), trainable, 76_961_152L,
                checkpointBytes, 300.0, 300L, "REJECTED");
    }

    private static HeldOutChange change(String task, double before, double after) {
        double change = after - before;
        Verdict verdict = change < -0.01 ? Verdict.WORSE : change > 0.01 ? Verdict.BETTER : Verdict.UNCHANGED;
        return new HeldOutChange(task, "exactMatch", before, after,
                new ConfidenceInterval(change, change - 0.01, change + 0.01), before == 0 ? 0 : change / before, verdict);
    }
}

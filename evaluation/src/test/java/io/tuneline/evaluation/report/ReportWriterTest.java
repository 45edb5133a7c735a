package io.tuneline.evaluation.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.evaluation.EvaluationPlan;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.Evaluator;
import io.tuneline.evaluation.HeldOutTask;
import io.tuneline.evaluation.ModelUnderTest;
import io.tuneline.evaluation.TestExample;
import io.tuneline.evaluation.ScriptedGenerator;
import io.tuneline.evaluation.metrics.Metric;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path out;

    @Test
    void writesSummaryPredictionsAndASelfContainedPageWithChartGainsLossesAndForgetting() throws Exception {
        EvaluationResult result = evaluation();

        ReportWriter.write(result, out);

        Document page = Jsoup.parse(Files.readString(out.resolve(ReportWriter.REPORT), StandardCharsets.UTF_8));
        assertThat(page.select("script, link, img")).isEmpty();
        assertThat(page.select("#summary tr")).hasSize(1 + 2);
        assertThat(page.select("#chart svg rect.bar")).hasSize(2 * Metric.values().length);
        assertThat(page.select("#chart svg path.whisker")).hasSize(2 * Metric.values().length);
        assertThat(page.select("#chart svg rect.bar[data-series=candidate][data-group=ROUGE-L] title").text())
                .startsWith("candidate ROUGE-L: 0.");
        assertThat(page.select("#gains tr")).hasSize(1 + 20);
        assertThat(page.select("#losses tr")).hasSize(1 + 5);
        assertThat(page.select("#gains tr").get(1).select("td").get(4).text()).contains("customer");
        assertThat(page.select("#forgetting tr.worse td").get(0).text()).isEqualTo("pet names");
        assertThat(page.select("#forgetting tr.worse").text()).contains("got worse", "Charlie");
        assertThat(page.select("#settings").text()).contains("generation: greedy");
        // user text is escaped, not interpreted
        assertThat(page.select("#gains").html()).contains("&lt;b&gt;");

        JsonNode summary = new ObjectMapper().readTree(out.resolve(ReportWriter.SUMMARY).toFile());
        assertThat(summary.get("candidateSystem").asText()).isEqualTo("candidate");
        assertThat(summary.at("/systems/1/differenceToBase/rougeL/lower").asDouble()).isGreaterThan(0);
        assertThat(summary.at("/forgetting/0/verdict").asText()).isEqualTo("WORSE");
        assertThat(summary.get("largestGains")).hasSize(20);
        List<String> predictions = Files.readAllLines(out.resolve(ReportWriter.PREDICTIONS));
        assertThat(predictions).hasSize(40);
        assertThat(new ObjectMapper().readTree(predictions.get(0)).at("/outputs/base").asText()).isEqualTo("no idea");
    }

    @Test
    void terminalTableListsEverySystemWithItsDifferenceAndTheForgettingInWords() {
        String table = TerminalTable.render(evaluation());

        assertThat(table.lines().toList().get(0)).contains("system", "ROUGE-1", "ROUGE-Lsum", "exact match");
        assertThat(table).contains("candidate").contains("(+0.").contains("pet names: candidate got worse");
    }

    /** 40 examples: the candidate wins 35, loses 5; it forgets the cat's name. */
    private static EvaluationResult evaluation() {
        List<TestExample> tests = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tests.add(new TestExample("ex-" + i, "summary", "Summarize <b>chat</b> " + i,
                    List.of("customer " + i + " wants a refund")));
        }
        List<TestExample> cats = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cats.add(new TestExample("cat-" + i, "qa", "What is the cat's name? (" + i + ")", List.of("Charlie")));
        }
        Function<String, String> base = p -> p.startsWith("What") ? "Charlie"
                : p.endsWith(" 1") || p.endsWith(" 2") || p.endsWith(" 3") || p.endsWith(" 4") || p.endsWith(" 5")
                ? "customer wants a refund" : "no idea";
        Function<String, String> candidate = p -> p.startsWith("What") ? "a cat"
                : p.endsWith(" 1") || p.endsWith(" 2") || p.endsWith(" 3") || p.endsWith(" 4") || p.endsWith(" 5")
                ? "no idea" : "customer " + p.substring(p.lastIndexOf(' ') + 1) + " wants a refund";
        Map<Path, Function<String, String>> models = Map.of(Path.of("b"), base, Path.of("c"), candidate);
        EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("base", Path.of("b")),
                        new ModelUnderTest("candidate", Path.of("c"))), tests)
                .withHeldOutTasks(List.of(new HeldOutTask("pet names", Metric.EXACT_MATCH, cats)))
                .withSettings(Map.of("generation", "greedy, 64 new tokens"));
        return new Evaluator(dir -> new ScriptedGenerator(models.get(dir))).evaluate(plan);
    }
}

package io.tuneline.eval.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.eval.testing.ScriptedGenerator;
import io.tuneline.evaluation.EvaluationPlan;
import io.tuneline.evaluation.EvaluationResult;
import io.tuneline.evaluation.Evaluator;
import io.tuneline.evaluation.ModelUnderTest;
import io.tuneline.evaluation.TestExample;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.stats.Bootstrap;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The files a person opens: the report page, its chart as a file of its own, one prediction line per example. */
class ReportFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theChartFileIsExactlyThePagesChartAsAStandaloneSvgDocument() throws Exception {
        ReportFiles files = ReportFiles.of(evaluated());

        String inline = files.chartSvg().substring(files.chartSvg().indexOf("<svg"),
                files.chartSvg().lastIndexOf("</svg>") + "</svg>".length());
        assertThat(files.chartSvg()).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg");
        assertThat(files.html()).contains(inline);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document chart = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(files.chartSvg().getBytes(StandardCharsets.UTF_8)));
        assertThat(chart.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(chart.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
    }

    @Test
    void predictionsHoldOneLinePerExampleWithEverySystemsOutputAndScores() throws Exception {
        ReportFiles files = ReportFiles.of(evaluated());

        List<String> lines = files.predictionsJsonl().lines().toList();
        assertThat(lines).hasSize(3);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("exampleId").asText()).isEqualTo("e0");
        assertThat(first.get("outputs").get("base").asText()).isEqualTo("no idea");
        assertThat(first.get("outputs").get("candidate").asText()).isEqualTo("the answer is 0");
        assertThat(first.get("scores").get("candidate").get("exactMatch").asDouble()).isEqualTo(1.0);
        assertThat(first.get("scores").get("base").get("exactMatch").asDouble()).isEqualTo(0.0);
    }

    @Test
    void takesTheFirstChartOfAPageAndRefusesAPageWithoutOne() {
        assertThat(ReportFiles.chartOf("<p>before</p><svg id=\"bars\"><rect/></svg><svg id=\"other\"></svg>"))
                .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg id=\"bars\"><rect/></svg>\n");
        for (String page : new String[] {"<p>no chart</p>", "<svg id=\"cut\"><rect/>", "</svg> then <p/>"}) {
            assertThatThrownBy(() -> ReportFiles.chartOf(page)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the report has no chart");
        }
    }

    /** A base that knows nothing and a candidate that answers every example right, scored for real. */
    private static EvaluationResult evaluated() {
        List<TestExample> test = List.of(
                new TestExample("e0", "qa", "question 0", List.of("the answer is 0")),
                new TestExample("e1", "qa", "question 1", List.of("the answer is 1")),
                new TestExample("e2", "qa", "question 2", List.of("the answer is 2")));
        EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("base", Path.of("base")),
                        new ModelUnderTest("candidate", Path.of("candidate"))), test)
                .withScoring(Metric.ROUGE_L, true, new Bootstrap(100, 0.95, 42));
        return new Evaluator(dir -> new ScriptedGenerator(prompt -> dir.toString().equals("base") ? "no idea"
                : "the answer is " + prompt.substring(prompt.length() - 1))).evaluate(plan);
    }
}

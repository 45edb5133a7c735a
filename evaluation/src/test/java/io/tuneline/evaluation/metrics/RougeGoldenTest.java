package io.tuneline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden case of rouge-score 0.1.2 (fixtures in {@code rouge/}), compared with {@code ==}. */
class RougeGoldenTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> goldenCases() {
        List<String> cases = lines("/rouge/rouge_golden.jsonl");
        List<String> debug = lines("/rouge/rouge_golden_debug.jsonl");
        List<Arguments> arguments = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            arguments.add(Arguments.of(read(debug.get(i)).get("id").asText(), read(cases.get(i))));
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenCases")
    void everyValueIsExactlyRougeScores(String id, JsonNode golden) {
        RougeScores scores = Rouge.score(golden.get("prediction").asText(), golden.get("reference").asText(),
                golden.get("use_stemmer").asBoolean());

        for (RougeType type : RougeType.values()) {
            JsonNode expected = golden.get(type.key());
            RougeScore actual = scores.get(type);
            assertThat(actual.precision()).as("%s precision", type.key()).isEqualTo(expected.get("precision").asDouble());
            assertThat(actual.recall()).as("%s recall", type.key()).isEqualTo(expected.get("recall").asDouble());
            assertThat(actual.fmeasure()).as("%s fmeasure", type.key()).isEqualTo(expected.get("fmeasure").asDouble());
        }
    }

    @Test
    void casesCoverBothStemmerModesAndAllSixtyNineLines() {
        assertThat(lines("/rouge/rouge_golden.jsonl")).hasSize(69);
        assertThat(goldenCases().map(a -> ((JsonNode) a.get()[1]).get("use_stemmer").asBoolean()).distinct())
                .containsExactlyInAnyOrder(true, false);
    }

    @Test
    void tokensAreRougeScoresTokens() {
        List<String> cases = lines("/rouge/rouge_golden_debug.jsonl");
        List<String> golden = lines("/rouge/rouge_golden.jsonl");
        for (int i = 0; i < cases.size(); i++) {
            JsonNode debug = read(cases.get(i));
            JsonNode pair = read(golden.get(i));
            RougeTokenizer tokenizer = new RougeTokenizer(debug.get("use_stemmer").asBoolean());
            assertThat(tokenizer.tokenize(pair.get("prediction").asText())).as(debug.get("id").asText())
                    .containsExactlyElementsOf(texts(debug.get("prediction_tokens")));
            assertThat(tokenizer.tokenize(pair.get("reference").asText())).as(debug.get("id").asText())
                    .containsExactlyElementsOf(texts(debug.get("reference_tokens")));
            assertThat(tokenizer.tokenizeLines(pair.get("reference").asText())).as(debug.get("id").asText())
                    .hasSize(debug.get("reference_sentence_tokens").size());
        }
    }

    @Test
    void corpusMeanIsTheMeanOfPerPairFmeasures() {
        JsonNode golden = read(String.join("\n", lines("/rouge/rouge_corpus_golden.json")));
        for (boolean stem : new boolean[] {false, true}) {
            JsonNode result = golden.get("results").get(stem ? "use_stemmer_true" : "use_stemmer_false");
            List<RougeScores> perPair = new ArrayList<>();
            for (int i = 0; i < golden.get("predictions").size(); i++) {
                RougeScores scores = Rouge.score(golden.get("predictions").get(i).asText(),
                        golden.get("references").get(i).asText(), stem);
                for (RougeType type : RougeType.values()) {
                    assertThat(scores.get(type).fmeasure()).isEqualTo(
                            result.get("per_pair_fmeasure").get(type.key()).get(i).asDouble());
                }
                perPair.add(scores);
            }
            RougeScores mean = Rouge.mean(perPair);
            for (RougeType type : RougeType.values()) {
                assertThat(mean.get(type).fmeasure()).as("stem=%s %s", stem, type.key())
                        .isCloseTo(result.get("aggregate").get(type.key()).asDouble(), within(1e-12));
            }
        }
    }

    @Test
    void multiReferenceTakesTheBestReferencePerType() {
        String prediction = "The agent refunded the charge.";
        List<String> references = List.of("Nothing in common here.", "The agent refunded the double charge.");

        RougeScores multi = Rouge.scoreMulti(prediction, references, false);

        assertThat(multi).isEqualTo(Rouge.score(prediction, references.get(1), false));
        assertThat(Rouge.scoreMulti(prediction, List.of(references.get(1), references.get(1)), false))
                .isEqualTo(Rouge.score(prediction, references.get(1), false));
    }

    static List<String> lines(String resource) {
        try (InputStream in = RougeGoldenTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.asText()));
        return values;
    }
}

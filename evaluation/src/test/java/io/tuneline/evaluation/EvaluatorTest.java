package io.tuneline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tuneline.evaluation.ForgettingResult.Verdict;
import io.tuneline.evaluation.metrics.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluation logic with scripted models: no weights, so every expected number is known. */
class EvaluatorTest {

    private static final Path BASE = Path.of("base-dir");
    private static final Path CANDIDATE = Path.of("candidate-dir");

    private final Map<Path, ScriptedGenerator> generators = new HashMap<>();
    private final List<String> phases = new ArrayList<>();

    @Test
    void candidateThatLearnedTheTaskBeatsTheBaseWithAnIntervalAboveZero() {
        generators.put(BASE, new ScriptedGenerator(prompt -> "no idea"));
        // the candidate answers every chat right except chat 3, where it loses what the base never had anyway
        generators.put(CANDIDATE, new ScriptedGenerator(prompt -> prompt.endsWith("chat 3")
                ? "something else" : reference(number(prompt))));

        EvaluationResult result = new Evaluator(generators::get).evaluate(plan(), (p, done, total) -> phases.add(p));

        assertThat(result.baseSystem()).isEqualTo("base");
        assertThat(result.candidateSystem()).isEqualTo("candidate");
        SystemResult candidate = result.system("candidate").orElseThrow();
        assertThat(candidate.metrics().get("exactMatch").estimate()).isCloseTo(29.0 / 30, within(1e-12));
        assertThat(candidate.means()).containsOnlyKeys("rouge1", "rouge2", "rougeL", "rougeLsum", "exactMatch")
                .containsEntry("exactMatch", candidate.metrics().get("exactMatch").estimate());
        assertThat(candidate.differenceToBase().get("rougeL").excludesZeroAbove()).isTrue();
        assertThat(result.system("base").orElseThrow().differenceToBase()).isEmpty();
        assertThat(result.examples()).hasSize(30);
        ExampleResult first = result.examples().get(0);
        assertThat(first.outputs()).containsEntry("base", "no idea").containsEntry("candidate", reference(0));
        assertThat(first.score("candidate", "rouge1")).isEqualTo(1.0);
        assertThat(result.largestGains(20)).hasSize(20);
        assertThat(result.largestLosses(20)).isEmpty();
        assertThat(generators.values()).allMatch(g -> g.closed);
        assertThat(phases).containsSubsequence("base", "candidate");
    }

    @Test
    void inContextBaselinesPrependAsManyTrainingExamplesAsFit() {
        ScriptedGenerator base = new ScriptedGenerator(prompt -> prompt.contains("\n\n\n") ? reference(number(prompt))
                : "no idea");
        generators.put(BASE, base);
        List<TestExample> pool = List.of(example(100), example(101), example(102));
        // the words of a test prompt (3) and of one solved example (3 + 9) plus </s>: two shots fit 28 tokens
        EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("base", BASE)), testSet())
                .withInContextBaselines(pool, List.of(1, 3))
                .withMaxInputTokens(28);

        EvaluationResult result = new Evaluator(generators::get).evaluate(plan);

        assertThat(result.systems()).extracting(SystemResult::name).containsExactly("base", "base 1-shot", "base 3-shot");
        assertThat(result.candidateSystem()).isEqualTo("base 3-shot");
        assertThat(result.system("base 1-shot").orElseThrow().meanShotsUsed()).isEqualTo(1.0);
        assertThat(result.system("base 3-shot").orElseThrow().meanShotsUsed()).isEqualTo(2.0);
        String threeShotPrompt = base.seenPrompts.get(60);
        assertThat(threeShotPrompt.split("\n\n\n")).hasSize(3).endsWith("Summarize: chat 0");
        assertThat(base.countTokens(threeShotPrompt)).isLessThanOrEqualTo(28);
        assertThat(result.system("base 1-shot").orElseThrow().differenceToBase().get("exactMatch").estimate())
                .isEqualTo(1.0);
    }

    @Test
    void forgettingSuiteSaysInWordsWhenATaskGotWorse() {
        generators.put(BASE, new ScriptedGenerator(prompt -> prompt.startsWith("What is the cat")
                ? "Charlie" : "no idea"));
        generators.put(CANDIDATE, new ScriptedGenerator(prompt -> prompt.startsWith("What is the cat")
                ? (prompt.endsWith(" 0?") ? "Charlie" : "A cat.") : "no idea"));
        List<TestExample> cats = new ArrayList<>();
        List<TestExample> sentiment = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            cats.add(new TestExample("cat-" + i, "qa", "What is the cat's name in story " + i + "?",
                    List.of("Charlie")));
            sentiment.add(new TestExample("s-" + i, "sentiment", "Is review " + i + " positive?",
                    List.of(i % 2 == 0 ? "yes" : "no")));
        }
        EvaluationPlan plan = plan().withHeldOutTasks(List.of(
                new HeldOutTask("pet names", Metric.EXACT_MATCH, cats),
                new HeldOutTask("sentiment", Metric.EXACT_MATCH, sentiment)));

        EvaluationResult result = new Evaluator(generators::get).evaluate(plan);

        assertThat(result.forgetting()).hasSize(2);
        ForgettingResult pets = result.forgetting().get(0);
        assertThat(pets.verdict()).isEqualTo(Verdict.WORSE);
        assertThat(pets.before().estimate()).isEqualTo(1.0);
        assertThat(pets.after().estimate()).isCloseTo(0.05, within(1e-12));
        assertThat(pets.change().upper()).isLessThan(0);
        assertThat(pets.forgotten().before()).isEqualTo("Charlie");
        assertThat(pets.forgotten().after()).isEqualTo("A cat.");
        assertThat(pets.summary()).startsWith("pet names: candidate got worse at this task, exact match 100.0 % -> 5.0 %"
                + " (-95.0 points, 95 % CI [").contains("base answered \"Charlie\"", "now answers \"A cat.\"");
        ForgettingResult unchanged = result.forgetting().get(1);
        assertThat(unchanged.verdict()).isEqualTo(Verdict.UNCHANGED);
        assertThat(unchanged.summary()).contains("no clear change");
    }

    private EvaluationPlan plan() {
        return EvaluationPlan.of(List.of(new ModelUnderTest("base", BASE), new ModelUnderTest("candidate", CANDIDATE)),
                testSet());
    }

    private static List<TestExample> testSet() {
        List<TestExample> examples = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            examples.add(example(i));
        }
        return examples;
    }

    private static TestExample example(int i) {
        return new TestExample("ex-" + i, "dialogue_summarization", "Summarize: chat " + i, List.of(reference(i)));
    }

    private static String reference(int i) {
        return "customer " + i + " asked for a refund and got it";
    }

    private static int number(String prompt) {
        return Integer.parseInt(prompt.substring(prompt.lastIndexOf(' ') + 1));
    }
}

package io.tuneline.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.evaluation.generation.T5TextGenerator;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.evaluation.metrics.Rouge;
import io.tuneline.model.generate.GenerationConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluator on a real checkpoint (the tiny fixture), with an in-context baseline and a held-out task. */
class EvaluatorModelTest {

    static final Path TINY = Path.of("../model-core/src/test/resources/t5/flan-t5-tiny-untied");
    static final Path DATA = Path.of("src/test/resources/eval");

    @Test
    void scoresTheFixtureModelAgainstItselfWithAOneShotBaseline() {
        EvaluationPlan plan = EvaluationPlan.of(List.of(new ModelUnderTest("base", TINY),
                        new ModelUnderTest("candidate", TINY)), PromptFile.read(DATA.resolve("test.jsonl")))
                .withInContextBaselines(PromptFile.read(DATA.resolve("train.jsonl")), List.of(1))
                .withHeldOutTasks(List.of(new HeldOutTask("sentiment", Metric.EXACT_MATCH,
                        PromptFile.read(DATA.resolve("sentiment.jsonl")))));

        EvaluationResult result = new Evaluator(T5TextGenerator.loader(GenerationConfig.greedy(64), 4)).evaluate(plan);

        assertThat(result.systems()).extracting(SystemResult::name).containsExactly("base", "base 1-shot", "candidate");
        ExampleResult first = result.examples().get(0);
        assertThat(first.outputs().get("base")).isEqualTo("Ben's booking does not turn on. Ben will reset the password.");
        assertThat(first.score("base", "rougeL")).isEqualTo(Rouge.score(first.outputs().get("base"),
                first.references().get(0), true).rougeL().fmeasure());
        // the same weights: identical outputs, a difference of exactly zero
        assertThat(result.system("candidate").orElseThrow().differenceToBase().get("rougeL").estimate()).isZero();
        assertThat(result.system("base 1-shot").orElseThrow().meanShotsUsed()).isEqualTo(1.0);
        assertThat(result.forgetting()).singleElement()
                .satisfies(f -> assertThat(f.verdict()).isEqualTo(ForgettingResult.Verdict.UNCHANGED));
    }
}

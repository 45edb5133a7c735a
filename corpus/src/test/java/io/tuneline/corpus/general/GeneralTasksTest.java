package io.tuneline.corpus.general;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.corpus.prompt.PromptExample;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GeneralTasksTest {

    @Test
    void theSameSeedGivesTheSameCorpusAndAnotherSeedAnother() {
        assertThat(GeneralTasks.mixture(300, 5, GeneralTasks.Part.TRAIN))
                .isEqualTo(GeneralTasks.mixture(300, 5, GeneralTasks.Part.TRAIN));
        List<String> other = GeneralTasks.mixture(300, 6, GeneralTasks.Part.TRAIN).stream()
                .map(PromptExample::prompt).toList();
        long shared = GeneralTasks.mixture(300, 5, GeneralTasks.Part.TRAIN).stream()
                .map(PromptExample::prompt).filter(other::contains).count();
        assertThat(shared).isLessThan(30);
    }

    @Test
    void everyTaskIsInTheMixtureWithVariedPromptsAndAnswers() {
        List<PromptExample> corpus = GeneralTasks.mixture(4000, 1, GeneralTasks.Part.TRAIN);
        Map<String, List<PromptExample>> byTask = corpus.stream()
                .collect(Collectors.groupingBy(PromptExample::task));
        assertThat(byTask.keySet()).containsExactlyInAnyOrderElementsOf(GeneralTasks.TASKS);
        assertThat(corpus.stream().map(PromptExample::prompt).distinct().count()).isEqualTo(corpus.size());
        List<PromptExample> summaries = byTask.get(GeneralTasks.DIALOGUE_SUMMARY);
        assertThat(distinctRatio(summaries.stream().map(PromptExample::completion).toList())).isGreaterThan(0.9);
        assertThat(distinctRatio(byTask.get(GeneralTasks.NAMED_ENTITIES).stream().map(PromptExample::completion)
                .toList())).isGreaterThan(0.9);
        assertThat(byTask.get(GeneralTasks.REVIEW_RATING).stream().map(PromptExample::completion).distinct())
                .containsExactlyInAnyOrder("1", "2", "3", "4", "5");
        assertThat(byTask.get(GeneralTasks.SENTIMENT).stream().map(PromptExample::completion).distinct())
                .containsExactlyInAnyOrder("positive", "negative");
        assertThat(summaries).allSatisfy(example -> assertThat(example.completion()).contains("#Person"));
    }

    @Test
    void heldOutPromptsNeverOccurInAPreTrainingCorpus() {
        List<PromptExample> heldOut = GeneralTasks.heldOut(30, 99);
        assertThat(heldOut).hasSize(30 * GeneralTasks.TASKS.size());
        Set<String> training = new HashSet<>();
        for (long seed = 0; seed < 3; seed++) {
            GeneralTasks.mixture(3000, seed, GeneralTasks.Part.TRAIN).forEach(e -> training.add(e.prompt()));
        }
        assertThat(heldOut).noneMatch(example -> training.contains(example.prompt()));
        assertThat(heldOut).allMatch(example -> GeneralTasks.partOf(example.prompt()) == GeneralTasks.Part.HELD_OUT);
        assertThat(heldOut.stream().filter(e -> e.metric().equals(PromptExample.EXACT_MATCH)).map(PromptExample::task)
                .distinct()).containsExactlyInAnyOrder(GeneralTasks.REVIEW_RATING, GeneralTasks.SENTIMENT,
                GeneralTasks.ENTITY_QUESTION, GeneralTasks.DIALOGUE_TOPIC);
    }

    @Test
    void validationPromptsAreDisjointFromPreTrainingReplayAndTheHeldOutSuite() {
        List<PromptExample> validation = GeneralTasks.validation(30, 99);
        assertThat(validation).hasSize(30 * GeneralTasks.TASKS.size());
        assertThat(validation).allMatch(e -> GeneralTasks.partOf(e.prompt()) == GeneralTasks.Part.VALIDATION);
        Set<String> others = new HashSet<>();
        GeneralTasks.heldOut(40, 99).forEach(e -> others.add(e.prompt()));
        GeneralTasks.heldOut(40, 8).forEach(e -> others.add(e.prompt()));
        GeneralTasks.mixture(3000, 9, GeneralTasks.Part.TRAIN,
                TaskMix.PRE_TRAINING.towards(GeneralTasks.DIALOGUE_SUMMARY, 50)).forEach(e -> others.add(e.prompt()));
        assertThat(validation).noneMatch(example -> others.contains(example.prompt()));
        assertThat(validation.stream().map(PromptExample::task).distinct()).containsExactlyElementsOf(GeneralTasks.TASKS);
    }

    @Test
    void thePartsSplitThePromptSpaceNineToOneToOne() {
        Map<GeneralTasks.Part, Long> counts = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> GeneralTasks.partOf("prompt " + i))
                .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
        assertThat(counts.get(GeneralTasks.Part.TRAIN)).isBetween(17_600L, 18_400L);
        assertThat(counts.get(GeneralTasks.Part.HELD_OUT)).isBetween(800L, 1_200L);
        assertThat(counts.get(GeneralTasks.Part.VALIDATION)).isBetween(800L, 1_200L);
    }

    @Test
    void questionsAreAnsweredByASpanOfTheirText() {
        for (PromptExample example : GeneralTasks.mixture(2000, 3, GeneralTasks.Part.TRAIN)) {
            if (example.task().equals(GeneralTasks.ENTITY_QUESTION)) {
                assertThat(example.prompt()).contains(example.completion());
            }
        }
    }

    static double distinctRatio(List<String> texts) {
        return (double) new HashSet<>(texts).size() / texts.size();
    }
}

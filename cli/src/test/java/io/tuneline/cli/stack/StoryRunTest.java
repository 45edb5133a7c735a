package io.tuneline.cli.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.corpus.general.GeneralTasks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The story's three runs differ only in what their recipes say; a user's chats and checkpoint replace the built-ins. */
class StoryRunTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T01:02:03Z"), ZoneOffset.UTC);

    @TempDir
    Path repo;

    @Test
    void singleTaskMixtureAndLoraRunsInThatOrderWithTheirOwnSettings() {
        StoryRun story = StoryRun.startingNow(CLOCK, repo, false, true, true, null, null);

        assertThat(story.recipes()).containsExactly(StoryRun.SINGLE_TASK, StoryRun.MIXTURE, StoryRun.LORA);
        Map<String, Object> policy = story.specTemplate();
        assertThat(policy).containsEntry("method", "full").containsEntry("baseModel", StoryRun.BASE_MODEL)
                .doesNotContainKeys("mixWith", "mixFraction", "train");
        Map<String, Object> mixture = story.spec(StoryRun.MIXTURE, null);
        assertThat(mixture).containsEntry("mixFraction", StoryRun.MIXTURE.mixFraction())
                .containsEntry("learningRate", StoryRun.MIXTURE.learningRate()).containsKey("mixWith")
                .containsEntry("maxSteps", 540).containsEntry("warmupSteps", 27);
        assertThat(policy).containsEntry("maxSteps", 300);
        assertThat(story.spec(StoryRun.LORA, null)).containsEntry("method", "lora")
                .containsEntry("mixFraction", StoryRun.LORA.mixFraction()).containsKey("mixWith");
        // the mixture file holds enough general examples for the recipe's share of the chats
        int chats = story.chatCount();
        long general = new String(story.generalTaskFiles().get(StoryRun.MIXTURE_KEY)).lines().count();
        double fraction = StoryRun.MIXTURE.mixFraction();
        assertThat(general).isGreaterThanOrEqualTo(Math.round(chats * fraction / (1 - fraction)));
    }

    @Test
    void theReplayPoolLeansTowardsDialogueSummariesAndTheSuiteHas40ExamplesOfEveryTask() {
        StoryRun story = StoryRun.startingNow(CLOCK, repo, false, true, true, null, null);
        Map<String, byte[]> files = story.generalTaskFiles();

        List<String> replayed = new String(files.get(StoryRun.MIXTURE_KEY), StandardCharsets.UTF_8).lines().toList();
        long summaries = replayed.stream().filter(line -> line.contains("\"task\":\"dialogue_summarization\""))
                .count();
        // half of the pool by the mix (1,400 draws: a standard deviation of 1.3 points); 30 % in pre-training
        assertThat((double) summaries / replayed.size()).isBetween(0.45, 0.55);
        for (String task : GeneralTasks.TASKS) {
            assertThat(new String(files.get(StoryRun.heldOutKey(task)), StandardCharsets.UTF_8).lines()).hasSize(40);
        }
    }

    @Test
    void mixtureRunsWatchGeneralValidationExamplesDisjointFromTheReplayPoolAndTheSuite() {
        StoryRun story = StoryRun.startingNow(CLOCK, repo, false, true, true, null, null);
        Map<String, Object> mixture = story.spec(StoryRun.MIXTURE, null);
        assertThat(mixture).containsEntry("validationMixTolerance", StoryRun.GENERAL_LOSS_TOLERANCE)
                .containsEntry("evalEvery", 54).containsEntry("checkpointEvery", 54);
        assertThat((List<?>) mixture.get("validationMixWith")).singleElement().asString()
                .endsWith("/" + StoryRun.GENERAL_VALIDATION_KEY);
        assertThat(story.spec(StoryRun.LORA, null)).containsKey("validationMixWith");
        // the single-task run shows what plain fine-tuning forgets: its best stays the lowest validation loss
        assertThat(story.specTemplate()).doesNotContainKeys("validationMixWith", "validationMixTolerance")
                .containsEntry("evalEvery", 60);

        Map<String, byte[]> files = story.generalTaskFiles();
        List<String> validation = new String(files.get(StoryRun.GENERAL_VALIDATION_KEY), StandardCharsets.UTF_8)
                .lines().toList();
        assertThat(validation).hasSize(StoryRun.GENERAL_VALIDATION_PER_TASK * GeneralTasks.TASKS.size());
        java.util.Set<String> others = new java.util.HashSet<>();
        files.forEach((key, bytes) -> {
            if (!key.equals(StoryRun.GENERAL_VALIDATION_KEY)) {
                new String(bytes, StandardCharsets.UTF_8).lines().map(StoryRunTest::prompt).forEach(others::add);
            }
        });
        assertThat(validation.stream().map(StoryRunTest::prompt)).doesNotContainAnyElementsOf(others);
        assertThat(StoryRun.startingNow(CLOCK, repo, true, true, false, null, null)
                .spec(StoryRun.QUICK_MIXTURE, null)).containsEntry("evalEvery", 20);
    }

    private static String prompt(String jsonLine) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(jsonLine).get("prompt").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theQuickVariantKeepsItsOwnMixtureRecipeAndStepsAndStillHasEnoughGeneralExamples() {
        StoryRun quick = StoryRun.startingNow(CLOCK, repo, true, true, false, null, null);

        assertThat(quick.recipes()).containsExactly(StoryRun.SINGLE_TASK, StoryRun.QUICK_MIXTURE);
        assertThat(quick.spec(StoryRun.QUICK_MIXTURE, null)).containsEntry("maxSteps", 100)
                .containsEntry("mixFraction", StoryRun.QUICK_MIXTURE.mixFraction());
        long general = new String(quick.generalTaskFiles().get(StoryRun.MIXTURE_KEY)).lines().count();
        double fraction = StoryRun.QUICK_MIXTURE.mixFraction();
        assertThat(general).isGreaterThanOrEqualTo(Math.round(quick.chatCount() * fraction / (1 - fraction)));
    }

    @Test
    void withoutLoraOrMixtureOnlyTheSingleTaskRunIsTrained() {
        assertThat(StoryRun.startingNow(CLOCK, repo, true, false, false, null, null).recipes())
                .containsExactly(StoryRun.SINGLE_TASK);
    }

    @Test
    void aUsersChatsAndCheckpointReplaceTheBuiltInOnes() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            lines.append("{\"fname\":\"dev_").append(i).append("\",\"dialogue\":\"d\",\"summary\":\"s\"}\n");
        }
        Path chats = Files.writeString(repo.resolve("dialogsum.jsonl"), lines);
        Path base = Files.createDirectories(repo.resolve("flan-t5-base"));

        StoryRun story = StoryRun.startingNow(CLOCK, repo, false, true, true, chats, base);

        assertThat(story.datasetId()).isEqualTo("dialogues-20261127-010203");
        assertThat(story.chatCount()).isEqualTo(12);
        assertThat(story.chats()).first().extracting(c -> c.id()).isEqualTo("dlg-20261127-010203-dev_0");
        assertThat(story.baseModelName()).isEqualTo("flan-t5-base");
        assertThat(story.baseModelDir()).isEqualTo(base.toAbsolutePath().normalize());
        assertThat(story.specTemplate()).containsEntry("baseModel", "flan-t5-base");
        assertThat(story.datasetServiceEnvironment()).containsEntry("TUNELINE_DATASET_STREAM_CUT_EVERY", "12");
    }
}

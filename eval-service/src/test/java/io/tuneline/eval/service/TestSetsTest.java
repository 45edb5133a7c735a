package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.testing.TestEvalConfig;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.evaluation.HeldOutTask;
import io.tuneline.evaluation.InvalidPromptFileException;
import io.tuneline.evaluation.TestExample;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Prompt files in S3 as test examples: a render's split and the configured forgetting suite. */
class TestSetsTest {

    private final ObjectStore store = SharedObjectStore.store();
    private final StorageLayout layout = SharedObjectStore.freshLayout();
    private final TestEvalConfig config = TestEvalConfig.defaults(Path.of("unused"));

    @Test
    void readsASplitFileRowByRowWithEveryReferenceCompletionFirst() {
        ObjectRef split = put("test.jsonl", """
                {"exampleId":"d1","task":"dialogue_summarization","prompt":"Summarize: hi","completion":"A greets.",\
                "references":["Someone says hi.","A greets."]}

                {"prompt":"Summarize: bye","completion":"B leaves."}
                """);

        List<TestExample> examples = new TestSets(store, config).read(split);

        assertThat(examples).containsExactly(
                new TestExample("d1", "dialogue_summarization", "Summarize: hi", List.of("A greets.",
                        "Someone says hi.")),
                new TestExample("line-3", "", "Summarize: bye", List.of("B leaves.")));
    }

    @Test
    void aBadRowIsRefusedNamingTheFileAndTheLine() {
        ObjectRef split = put("bad.jsonl", """
                {"prompt":"fine","completion":"ok"}
                {"prompt":"no answer"}
                """);

        assertThatThrownBy(() -> new TestSets(store, config).read(split))
                .isInstanceOf(InvalidPromptFileException.class)
                .hasMessage(split + " line 2: needs a 'completion' or 'references'");
    }

    @Test
    void aMissingFileIsNotFound() {
        assertThatThrownBy(() -> new TestSets(store, config).read(new ObjectRef(layout.prompts(), "no/such.jsonl")))
                .isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void theForgettingSuiteIsEveryConfiguredTaskInOrderWithItsMetricCutToItsLimit() {
        ObjectRef sentiment = put("_forgetting/sentiment.jsonl", rows("review", 5));
        ObjectRef titles = put("_forgetting/titles.jsonl", rows("title", 3));
        TestEvalConfig suite = config.withForgettingSuite(
                new TestEvalConfig.Task("titles", location(titles), "rougeL", Optional.empty()),
                new TestEvalConfig.Task("sentiment", location(sentiment), "exactMatch", Optional.of(2)));

        List<HeldOutTask> tasks = new TestSets(store, suite).forgettingSuite();

        assertThat(tasks).extracting(HeldOutTask::name).containsExactly("titles", "sentiment");
        assertThat(tasks).extracting(HeldOutTask::metric).containsExactly(Metric.ROUGE_L, Metric.EXACT_MATCH);
        assertThat(tasks.get(0).examples()).extracting(TestExample::exampleId)
                .containsExactly("title-0", "title-1", "title-2");
        // the first rows of the file, not any two
        assertThat(tasks.get(1).examples()).extracting(TestExample::exampleId).containsExactly("review-0", "review-1");
    }

    @Test
    void aLimitAboveTheFilesSizeKeepsEveryRow() {
        ObjectRef titles = put("_forgetting/few.jsonl", rows("title", 2));
        TestEvalConfig suite = config.withForgettingSuite(
                new TestEvalConfig.Task("titles", location(titles), "rougeL", Optional.of(10)));

        assertThat(new TestSets(store, suite).forgettingSuite().get(0).examples()).hasSize(2);
    }

    @Test
    void aTaskWithABadLocationOrMetricIsAClearError() {
        ObjectRef titles = put("_forgetting/ok.jsonl", rows("title", 1));
        TestSets badLocation = new TestSets(store, config.withForgettingSuite(
                new TestEvalConfig.Task("titles", "https://example.com/titles.jsonl", "rougeL", Optional.empty())));
        TestSets badMetric = new TestSets(store, config.withForgettingSuite(
                new TestEvalConfig.Task("titles", location(titles), "bleu", Optional.empty())));

        assertThatThrownBy(badLocation::forgettingSuite).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https://example.com/titles.jsonl");
        assertThatThrownBy(badMetric::forgettingSuite).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown metric 'bleu'");
    }

    @Test
    void noConfiguredTasksIsAnEmptySuite() {
        assertThat(new TestSets(store, config).forgettingSuite()).isEmpty();
    }

    private ObjectRef put(String key, String content) {
        store.put(layout.prompts(), key, content.getBytes(StandardCharsets.UTF_8));
        return new ObjectRef(layout.prompts(), key);
    }

    private static String location(ObjectRef ref) {
        return "s3://" + ref.bucket() + "/" + ref.key();
    }

    private static String rows(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> "{\"exampleId\":\"" + prefix + "-" + i + "\",\"prompt\":\"" + prefix + " " + i
                        + "?\",\"completion\":\"answer " + i + "\"}")
                .collect(Collectors.joining("\n", "", "\n"));
    }
}

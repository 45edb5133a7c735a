package io.tuneline.eval.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Test data in S3: a support-chat test split, the forgetting suite's sentiment task (configured in the test
 * profile at {@link #SENTIMENT}), and scripted model folders ({@link ScriptedModels}).
 */
public final class Fixtures {

    /** Where {@code %test.tuneline.eval.forgetting-suite[0]} points. */
    public static final ObjectRef SENTIMENT = new ObjectRef("tuneline-prompts", "_forgetting/sentiment.jsonl");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACTIONS = {"sends a replacement", "issues a refund", "resets the password",
        "opens a trace", "extends the warranty", "changes the address", "cancels the order", "books a technician",
        "explains the invoice", "upgrades the plan", "applies a discount", "escalates the case"};
    private static final String[] REVIEWS = {"Loved it, works perfectly", "Broke after a day", "Great value",
        "Terrible support, never again", "Fast delivery and nice quality", "Arrived damaged", "Exactly as described",
        "Stopped charging within a week", "Would buy again", "Waste of money"};

    /** A prompt and the completion a perfect model answers. */
    public record Row(String exampleId, String prompt, String completion) {
    }

    private Fixtures() {
    }

    public static List<Row> chats() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < ACTIONS.length; i++) {
            rows.add(new Row("chat-" + i, "Summarize the support chat: #Person1#: my order " + (100 + i)
                    + " has a problem. #Person2#: I " + ACTIONS[i] + " for you.",
                    "The customer has a problem with order " + (100 + i) + " and the agent " + ACTIONS[i] + "."));
        }
        return rows;
    }

    public static List<Row> sentiment() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < REVIEWS.length; i++) {
            rows.add(new Row("review-" + i, "Is this review positive or negative? " + REVIEWS[i],
                    i % 2 == 0 ? "positive" : "negative"));
        }
        return rows;
    }

    /** The other sentiment: what a model that forgot the task answers. */
    public static String flipSentiment(String sentiment) {
        return sentiment.equals("positive") ? "negative" : "positive";
    }

    public static void uploadSentimentTask(ObjectStore store) {
        uploadSentimentTask(store, SENTIMENT);
    }

    /** The sentiment task at {@code location} (unit tests keep it in buckets of their own). */
    public static void uploadSentimentTask(ObjectStore store, ObjectRef location) {
        put(store, location, jsonl(sentiment(), "sentiment"));
    }

    /** A render's test split (and train split) in the prompts bucket, the way template-service writes them. */
    public static Map<String, ObjectRef> uploadSplits(ObjectStore store, StorageLayout layout, String datasetId) {
        Map<String, ObjectRef> splits = new LinkedHashMap<>();
        for (String split : List.of("train", "test")) {
            ObjectRef ref = layout.promptsSplit(datasetId, "v1", "r-1", split);
            put(store, ref, jsonl(chats(), "dialogue_summarization"));
            splits.put(split, ref);
        }
        return splits;
    }

    /** A scripted model folder answering the chats with {@code summary} and the reviews with {@code sentiment}. */
    public static ObjectRef uploadModel(ObjectStore store, ObjectRef folder, Function<Row, String> summary,
                                       Function<Row, String> sentiment) {
        Map<String, String> answers = new LinkedHashMap<>();
        chats().forEach(row -> answers.put(row.prompt(), summary.apply(row)));
        sentiment().forEach(row -> answers.put(row.prompt(), sentiment.apply(row)));
        try {
            put(store, new ObjectRef(folder.bucket(), folder.key() + ScriptedModels.ANSWERS),
                    JSON.writeValueAsString(answers));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return folder;
    }

    /**
     * A finished run as trainer-service announces it, its splits and scripted models uploaded: the base answers the
     * chats with {@code base} (and the reviews right), the candidate with {@code candidate} and
     * {@code candidateSentiment}; {@code metrics} are the worker's final figures.
     */
    public static TrainingCompleted trainingRun(ObjectStore store, StorageLayout layout, String modelName,
                                                String runId, String method, Function<Row, String> base,
                                                Function<Row, String> candidate,
                                                Function<Row, String> candidateSentiment,
                                                Map<String, Double> metrics) {
        Map<String, ObjectRef> splits = uploadSplits(store, layout, "chats-" + runId);
        ObjectRef baseModel = uploadModel(store, new ObjectRef(layout.models(), "base-" + runId + "/"), base,
                Row::completion);
        ObjectRef checkpoint = uploadModel(store, layout.finalCheckpoint(runId), candidate, candidateSentiment);
        return new TrainingCompleted(runId, modelName, "base-" + runId, baseModel, method, "chats-" + runId, "v1",
                "r-1", checkpoint, checkpoint, 40, 0.4, splits, metrics);
    }

    private static String jsonl(List<Row> rows, String task) {
        StringBuilder lines = new StringBuilder();
        for (Row row : rows) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("prompt", row.prompt());
            line.put("completion", row.completion());
            line.put("task", task);
            line.put("exampleId", row.exampleId());
            try {
                lines.append(JSON.writeValueAsString(line)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return lines.toString();
    }

    private static void put(ObjectStore store, ObjectRef ref, String content) {
        store.put(ref.bucket(), ref.key(), content.getBytes(StandardCharsets.UTF_8));
    }
}

package io.tuneline.cli.stack;

import io.tuneline.contracts.events.DatasetVersionCreated;
import io.tuneline.contracts.events.DeadLetter;
import io.tuneline.contracts.events.EvaluationCompleted;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.MalformedEventException;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ModelRejected;
import io.tuneline.contracts.events.PromptsRendered;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the pipeline announces about one dataset, from the dataset version to the promotion decision: the story
 * follows the platform through its own events, as any other consumer would. It reads every topic from the beginning
 * without a consumer group; the dataset id is new on every run, so earlier runs' events are filtered out, and
 * nothing can be missed between an action and the start of a wait. Events of runs are kept by run id, whoever
 * started the run; the story asks for the runs of its dataset.
 */
final class StoryEvents implements AutoCloseable {

    private static final List<Topic> TOPICS = List.of(Topic.DATASET_VERSIONS, Topic.PROMPTS_RENDERED,
            Topic.TRAINING_PROGRESS, Topic.TRAINING_RESULTS, Topic.EVALUATIONS, Topic.MODEL_DECISIONS,
            Topic.DEAD_LETTER);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String datasetId;
    private final List<DatasetVersionCreated> versions = new ArrayList<>();
    private final List<PromptsRendered> renders = new ArrayList<>();
    private final Map<String, TrainingProgress> latestProgress = new LinkedHashMap<>();
    private final Map<String, List<TrainingProgress>> progressHistory = new LinkedHashMap<>();
    private final Map<String, EventPayload> trainingResults = new LinkedHashMap<>();
    private final Map<String, EvaluationCompleted> evaluations = new LinkedHashMap<>();
    private final Map<String, EventPayload> decisions = new LinkedHashMap<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    StoryEvents(String bootstrapServers, String datasetId) {
        this.datasetId = datasetId;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topic topic : TOPICS) {
            consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30))
                    .forEach(info -> partitions.add(new TopicPartition(topic.topicName(), info.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads whatever arrived within {@code wait}. */
    void poll(Duration wait) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
            Event<? extends EventPayload> event;
            try {
                event = EventCodec.decode(record.value());
            } catch (MalformedEventException e) {
                continue; // someone else's broken record: not the story's business
            }
            accept(event.payload());
        }
    }

    private void accept(EventPayload payload) {
        if (payload instanceof DatasetVersionCreated version && datasetId.equals(version.datasetId())) {
            versions.add(version);
        } else if (payload instanceof PromptsRendered rendered && datasetId.equals(rendered.datasetId())) {
            renders.add(rendered);
        } else if (payload instanceof TrainingProgress progress) {
            latestProgress.put(progress.runId(), progress);
            progressHistory.computeIfAbsent(progress.runId(), id -> new ArrayList<>()).add(progress);
        } else if (payload instanceof TrainingCompleted completed) {
            trainingResults.put(completed.runId(), completed);
        } else if (payload instanceof TrainingFailed failed) {
            trainingResults.put(failed.runId(), failed);
        } else if (payload instanceof EvaluationCompleted evaluation) {
            evaluations.put(evaluation.runId(), evaluation);
        } else if (payload instanceof ModelPromoted promoted) {
            decisions.put(promoted.runId(), promoted);
        } else if (payload instanceof ModelRejected rejected) {
            decisions.put(rejected.runId(), rejected);
        } else if (payload instanceof DeadLetter deadLetter) {
            deadLetters.add(deadLetter);
        }
    }

    Optional<DatasetVersionCreated> latestVersion() {
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    Optional<PromptsRendered> render(String versionId) {
        return renders.stream().filter(r -> r.versionId().equals(versionId) && r.mixture() == null).findFirst();
    }

    Optional<TrainingProgress> progress(String runId) {
        return Optional.ofNullable(latestProgress.get(runId));
    }

    List<TrainingProgress> progressHistory(String runId) {
        return List.copyOf(progressHistory.getOrDefault(runId, List.of()));
    }

    Optional<EventPayload> trainingResult(String runId) {
        return Optional.ofNullable(trainingResults.get(runId));
    }

    Optional<EvaluationCompleted> evaluation(String runId) {
        return Optional.ofNullable(evaluations.get(runId));
    }

    Optional<EventPayload> decision(String runId) {
        return Optional.ofNullable(decisions.get(runId));
    }

    /** Dead letters whose key starts with {@code keyPrefix} (this run's chat ids) or is the dataset id. */
    List<DeadLetter> deadLettersAbout(String keyPrefix) {
        return deadLetters.stream().filter(d -> {
            String key = d.originalKey() == null ? "" : d.originalKey();
            return key.startsWith(keyPrefix) || key.equals(datasetId);
        }).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}

package io.tuneline.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.junit.EmbeddedKafkaExtension;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.S3RunOutput;
import io.tuneline.worker.progress.KafkaProgressSink;
import io.tuneline.worker.progress.ProgressSink;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes Job's setup on real embedded infrastructure: base model and prompts in S3, checkpoints to
 * {@code s3://checkpoints/{runId}/}, progress and the result as Kafka events.
 */
class S3KafkaRunTest {

    private static final StorageLayout LAYOUT = StorageLayout.defaults();

    @RegisterExtension
    static EmbeddedKafkaExtension kafka = EmbeddedKafkaExtension.withTopics(Topic.TRAINING_PROGRESS.topicName(),
            Topic.TRAINING_RESULTS.topicName());
    @RegisterExtension
    static EmbeddedS3Extension s3 = EmbeddedS3Extension.withBuckets(LAYOUT.models(), LAYOUT.prompts(),
            LAYOUT.checkpoints());

    @TempDir
    Path dir;

    @Test
    void trainsFromS3IntoS3AndPublishesProgressAndCompletion() {
        try (ObjectStore store = new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey()))) {
            store.uploadFolder(TrainingFixtures.tinyModel(), LAYOUT.models(), "tiny/");
            store.putFile(LAYOUT.prompts(), "d/v1/r1/train.jsonl",
                    TrainingFixtures.writePairs(dir.resolve("train.jsonl"), 48, 21), "application/x-ndjson");
            store.putFile(LAYOUT.prompts(), "d/v1/r1/validation.jsonl",
                    TrainingFixtures.writePairs(dir.resolve("validation.jsonl"), 16, 22), "application/x-ndjson");
            Map<String, Object> fields = TrainingFixtures.fields(dir, null, 6);
            fields.put("baseModel", "s3://" + LAYOUT.models() + "/tiny/");
            fields.put("train", "s3://" + LAYOUT.prompts() + "/d/v1/r1/train.jsonl");
            fields.put("validation", "s3://" + LAYOUT.prompts() + "/d/v1/r1/validation.jsonl");
            fields.put("checkpointEvery", 3);
            fields.put("datasetId", "d");
            RunSpec spec = RunSpecReader.validated(TrainingFixtures.spec(fields));
            String runId = "run-s3";

            try (ProgressSink sink = new KafkaProgressSink(KafkaProgressSink.producer(kafka.bootstrapServers()), spec,
                    Duration.ZERO)) {
                new FineTuningRun(runId, spec, new RunInputs(() -> store, dir.resolve("work")),
                        new S3RunOutput(store, LAYOUT.checkpoints(), LAYOUT.runPrefix(runId), dir.resolve("work")),
                        sink).run();
            }

            ObjectRef step3 = LAYOUT.checkpoint(runId, 3);
            assertThat(store.exists(step3.bucket(), step3.key() + "trainer_state/state.json")).isTrue();
            assertThat(store.exists(step3.bucket(), step3.key() + "model.safetensors")).isTrue();
            ObjectRef finalModel = LAYOUT.finalCheckpoint(runId);
            assertThat(store.exists(finalModel.bucket(), finalModel.key() + "tokenizer.json")).isTrue();
            assertThat(store.exists(LAYOUT.checkpoints(), LAYOUT.bestCheckpoint(runId).key())).isTrue();
            assertThat(store.exists(LAYOUT.checkpoints(), LAYOUT.trainingResult(runId).key())).isTrue();

            List<EventPayload> events = consume(6);
            List<TrainingProgress> progress = events.stream().filter(TrainingProgress.class::isInstance)
                    .map(TrainingProgress.class::cast).toList();
            assertThat(progress).extracting(TrainingProgress::step).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
            TrainingCompleted completed = events.stream().filter(TrainingCompleted.class::isInstance)
                    .map(TrainingCompleted.class::cast).findFirst().orElseThrow();
            assertThat(completed.runId()).isEqualTo(runId);
            assertThat(completed.lastCheckpoint()).isEqualTo(finalModel);
            assertThat(completed.checkpoint().bucket()).isEqualTo(LAYOUT.checkpoints());
            assertThat(completed.baseModelRef()).isEqualTo(new ObjectRef(LAYOUT.models(), "tiny/"));
            assertThat(completed.prompts()).containsKeys("train", "validation");
            assertThat(completed.datasetId()).isEqualTo("d");
            assertThat(completed.metrics()).containsKeys("final_validation_loss", "train_loss");
        }
    }

    /** Every event on the training topics until TrainingCompleted and {@code progressEvents} progress events. */
    private static List<EventPayload> consume(int progressEvents) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "s3-kafka-run-test");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<EventPayload> events = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.TRAINING_PROGRESS.topicName(), Topic.TRAINING_RESULTS.topicName()));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            // Progress and results are different topics: order across them is not guaranteed, so wait for both.
            while (System.nanoTime() < deadline && (events.stream().noneMatch(TrainingCompleted.class::isInstance)
                    || events.stream().filter(TrainingProgress.class::isInstance).count() < progressEvents)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Event<? extends EventPayload> event = EventCodec.decode(record.value());
                    assertThat(record.key()).isEqualTo(event.key());
                    events.add(event.payload());
                }
            }
        }
        return events;
    }
}

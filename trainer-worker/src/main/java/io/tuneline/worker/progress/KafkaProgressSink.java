package io.tuneline.worker.progress;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.data.RunInputs.S3Location;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a run as the platform's events (the Kubernetes Job's sink): {@link TrainingProgress} on steps that
 * evaluated and otherwise at most every {@code minInterval}, then {@link TrainingCompleted} or
 * {@link TrainingFailed}, each keyed by run id on the topic {@code EventType} assigns. The end event is sent
 * synchronously, so the Job does not exit before the broker has it. Locations must be {@code s3://} ones.
 */
public final class KafkaProgressSink implements ProgressSink {

    public static final String BOOTSTRAP_VARIABLE = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String SOURCE = "trainer-worker";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaProgressSink.class);

    private final Producer<String, byte[]> producer;
    private final RunSpec spec;
    private final Duration minInterval;
    private long lastSentNanos;
    private boolean sentAny;

    public KafkaProgressSink(Producer<String, byte[]> producer, RunSpec spec, Duration minInterval) {
        this.producer = producer;
        this.spec = spec;
        this.minInterval = minInterval;
    }

    /** A producer for {@code bootstrapServers} (idempotent, acks=all). */
    public static Producer<String, byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, SOURCE);
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void started(RunStarted started) {
        // The contracts carry no "started" event: the first TrainingProgress says the run is going.
    }

    @Override
    public void progress(TrainingProgress progress) {
        long now = System.nanoTime();
        boolean due = !sentAny || now - lastSentNanos >= minInterval.toNanos();
        if (due || progress.validationLoss() != null || progress.step() >= progress.totalSteps()) {
            send(progress, false);
            lastSentNanos = now;
            sentAny = true;
        }
    }

    @Override
    public void checkpointSaved(CheckpointSaved checkpoint) {
        // Checkpoints show up in TrainingCompleted/TrainingFailed; progress events carry the losses.
    }

    @Override
    public void completed(RunResult result) {
        Map<String, ObjectRef> prompts = new LinkedHashMap<>();
        putIfS3(prompts, "train", spec.train());
        putIfS3(prompts, "validation", spec.validation());
        putIfS3(prompts, "test", spec.test());
        send(new TrainingCompleted(result.runId(), spec.modelName(), spec.baseModel(), refOrNull(spec.baseModel()),
                spec.method(), spec.datasetId(), spec.versionId(), spec.renderId(), ref(result.bestCheckpoint()),
                ref(result.lastCheckpoint()), result.steps(), result.finalLoss(), prompts, result.metrics()), true);
    }

    @Override
    public void failed(RunFailure failure) {
        send(new TrainingFailed(failure.runId(), failure.errorCode(), failure.reason(),
                refOrNull(failure.lastCheckpoint())), true);
    }

    private void send(EventPayload payload, boolean await) {
        Event<EventPayload> event = Event.of(SOURCE, payload);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic().topicName(), event.key(),
                EventCodec.encodeBytes(event));
        try {
            var sent = producer.send(record, (metadata, error) -> {
                if (error != null) {
                    LOG.warn("cannot publish {} of run {}: {}", event.type(), event.key(), error.toString());
                }
            });
            if (await) {
                sent.get(60, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("cannot publish {} of run {}: {}", event.type(), event.key(), e.toString());
        }
    }

    /** {@code s3://bucket/key} as an ObjectRef. */
    static ObjectRef ref(String location) {
        S3Location s3 = S3Location.parse(location);
        return new ObjectRef(s3.bucket(), s3.key());
    }

    private static ObjectRef refOrNull(String location) {
        return RunInputs.isS3(location) ? ref(location) : null;
    }

    private static void putIfS3(Map<String, ObjectRef> prompts, String split, String location) {
        if (RunInputs.isS3(location)) {
            prompts.put(split, ref(location));
        }
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}

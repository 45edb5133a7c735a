package io.tuneline.worker.progress;

import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.contracts.training.RunSpec;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
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
        properties.putAll(securitySettings(System.getenv()));
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * TLS and SASL settings from the environment, named as the services read them: {@code KAFKA_SECURITY_PROTOCOL}
     * → {@code security.protocol}, {@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config},
     * {@code KAFKA_SSL_TRUSTSTORE_LOCATION} → {@code ssl.truststore.location}, ... (only security, sasl and ssl keys).
     */
    public static Map<String, String> securitySettings(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith("KAFKA_SECURITY_") || name.startsWith("KAFKA_SASL_") || name.startsWith("KAFKA_SSL_")) {
                settings.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
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
        send(RunEvents.completed(spec, result), true);
    }

    @Override
    public void failed(RunFailure failure) {
        send(RunEvents.failed(failure), true);
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
        return RunEvents.ref(location);
    }

    @Override
    public void close() {
        producer.flush();
        producer.close(Duration.ofSeconds(30));
    }
}

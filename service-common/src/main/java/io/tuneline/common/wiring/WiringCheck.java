package io.tuneline.common.wiring;

import io.tuneline.contracts.api.ProbeResult;
import io.tuneline.contracts.api.WiringStatus;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.tuneline.common.config.StorageBuckets;
import io.tuneline.common.config.WiringConfig;
import io.tuneline.common.messaging.EventInbox;
import io.tuneline.common.messaging.EventPublisher;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.Ping;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Proves the service's wiring end to end: a {@link Ping} goes out through the {@link EventPublisher} to
 * {@code tuneline.ping} and must come back through this service's own consumer (and the {@link EventInbox}), and an
 * object is written to, read back from and deleted in S3. Runs after startup, on {@code POST /wiring/check}, and
 * again from the readiness probe while the last check failed, so a service that started before Kafka or S3 recovers.
 */
@ApplicationScoped
public class WiringCheck {

    /** The incoming channel of pings; each instance reads them in its own consumer group. */
    public static final String PING_CHANNEL = "tuneline-ping";

    /** Probe objects live under a prefix no id can start with ({@code StorageLayout.id} demands a letter/digit). */
    static final String PROBE_PREFIX = ".wiring/";

    private static final Logger LOG = Logger.getLogger(WiringCheck.class);

    private final EventPublisher publisher;
    private final EventInbox inbox;
    private final ObjectStore objectStore;
    private final StorageLayout layout;
    private final StorageBuckets buckets;
    private final WiringConfig config;

    private final Map<String, CompletableFuture<Void>> awaitedPings = new ConcurrentHashMap<>();
    private final AtomicBoolean backgroundCheckRunning = new AtomicBoolean();
    private volatile WiringStatus status;

    WiringCheck(EventPublisher publisher, EventInbox inbox, ObjectStore objectStore, StorageLayout layout,
                StorageBuckets buckets, WiringConfig config) {
        this.publisher = publisher;
        this.inbox = inbox;
        this.objectStore = objectStore;
        this.layout = layout;
        this.buckets = buckets;
        this.config = config;
        this.status = WiringStatus.notCheckedYet(publisher.service());
    }

    void onStart(@Observes StartupEvent started) {
        if (config.checkOnStartup()) {
            checkInBackground();
        }
    }

    /** The result of the last finished check. */
    public WiringStatus status() {
        return status;
    }

    /** Runs both round trips now (blocking, at most about the wiring timeout per probe) and records the result. */
    public WiringStatus check() {
        ProbeResult kafka = probeKafka();
        ProbeResult s3 = probeS3();
        WiringStatus result = new WiringStatus(publisher.service(), Instant.now(), kafka, s3);
        status = result;
        if (result.allOk()) {
            LOG.debugf("Wiring check passed: kafka %d ms, s3 %d ms", kafka.latencyMs(), s3.latencyMs());
        } else {
            LOG.warnf("Wiring check failed: kafka %s, s3 %s", kafka, s3);
        }
        return result;
    }

    /** Starts a check on a worker thread unless one is already running. */
    public void checkInBackground() {
        if (!backgroundCheckRunning.compareAndSet(false, true)) {
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                check();
            } finally {
                backgroundCheckRunning.set(false);
            }
        });
    }

    /** Whether the last check is old enough, and failed, to be worth repeating (used by the readiness probe). */
    public boolean dueForRetry() {
        WiringStatus last = status;
        return !last.allOk() && (last.checkedAt() == null
                || last.checkedAt().plus(config.retryInterval()).isBefore(Instant.now()));
    }

    @Incoming(PING_CHANNEL)
    @Blocking
    void onPing(ConsumerRecord<String, byte[]> record) {
        inbox.accept(record, Ping.class, event -> {
            // Every instance of every service pings on this topic; only our own outstanding nonces matter.
            CompletableFuture<Void> awaited = awaitedPings.remove(event.payload().nonce());
            if (awaited != null) {
                awaited.complete(null);
            }
        });
    }

    private ProbeResult probeKafka() {
        String nonce = UUID.randomUUID().toString();
        CompletableFuture<Void> returned = new CompletableFuture<>();
        awaitedPings.put(nonce, returned);
        long started = System.nanoTime();
        try {
            // Bounded by the wiring timeout rather than the producer's delivery timeout: a check must answer.
            publisher.send(Event.of(publisher.service(), new Ping(publisher.service(), nonce)))
                    .await().atMost(config.timeout());
            returned.get(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
            return ProbeResult.passed(millisSince(started));
        } catch (io.smallrye.mutiny.TimeoutException e) {
            return ProbeResult.failed(millisSince(started), "the broker did not acknowledge the ping within "
                    + config.timeout());
        } catch (TimeoutException e) {
            return ProbeResult.failed(millisSince(started), "the ping did not come back within "
                    + config.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed(millisSince(started), "interrupted");
        } catch (ExecutionException | RuntimeException e) {
            return ProbeResult.failed(millisSince(started), describe(e));
        } finally {
            awaitedPings.remove(nonce);
        }
    }

    private ProbeResult probeS3() {
        String bucket = layout.checkpoints();
        String key = PROBE_PREFIX + publisher.service() + "-" + UUID.randomUUID();
        byte[] content = ("wiring check of " + publisher.service()).getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        try {
            buckets.ensure();
            objectStore.put(bucket, key, content, "text/plain");
            byte[] readBack = objectStore.getBytes(bucket, key);
            objectStore.delete(bucket, key);
            if (!Arrays.equals(content, readBack)) {
                return ProbeResult.failed(millisSince(started), "the object read back differs from the one written");
            }
            return ProbeResult.passed(millisSince(started));
        } catch (RuntimeException e) {
            return ProbeResult.failed(millisSince(started), describe(e));
        }
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}

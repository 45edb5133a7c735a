package io.tuneline.eval.service;

import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.embedded.s3.EmbeddedS3;
import io.tuneline.eval.testing.Background;
import io.tuneline.eval.testing.TestEvalConfig;
import io.tuneline.storage.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The run lease on the embedded S3 server (s3proxy), with the test settings (lifetime 3 s, settle 0.3 s, a look
 * every 0.1 s): one holder at a time however many claim at once, waiting, release, renewal, takeover of an expired
 * lease, and a holder that can tell it lost its lease.
 */
class EvaluationLeasesTest {

    private final ObjectStore store = SharedObjectStore.store();
    private final StorageLayout layout = SharedObjectStore.freshLayout();
    private final EvaluationRepository repository = new EvaluationRepository(store, layout);
    private final TestEvalConfig config = TestEvalConfig.defaults(Path.of("unused"));
    private final List<EvaluationLeases> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(EvaluationLeases::close);
    }

    /**
     * Why the lease is not a conditional create: the embedded S3 server accepts a PUT with {@code If-None-Match: *}
     * over an existing object and replaces it (AWS S3 and MinIO answer 412), so two such creates would both win.
     */
    @Test
    void theEmbeddedS3ServerIgnoresIfNoneMatchOnAPut() throws Exception {
        try (EmbeddedS3 server = new EmbeddedS3().start()) {
            MinioClient client = MinioClient.builder().endpoint(server.endpoint())
                    .credentials(server.accessKey(), server.secretKey()).build();
            client.makeBucket(MakeBucketArgs.builder().bucket("conditional").build());
            put(client, "first", Map.of());

            put(client, "second", Map.of("If-None-Match", "*"));

            try (InputStream in = client.getObject(GetObjectArgs.builder().bucket("conditional").object("lease.json")
                    .build())) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
            }
        }
    }

    @Test
    void manyClaimingAtOnceHoldOneAtATimeAndEveryOneGetsItsTurn() throws Exception {
        int claimers = 4;
        CyclicBarrier start = new CyclicBarrier(claimers);
        AtomicInteger holding = new AtomicInteger();
        List<Integer> holdersAtOnce = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(claimers);
        for (int i = 0; i < claimers; i++) {
            EvaluationLeases leases = instance("instance-" + i);
            all.add(CompletableFuture.runAsync(() -> {
                try {
                    start.await(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                try (EvaluationLeases.Held held = leases.acquire("run-r1", () -> false).orElseThrow()) {
                    holdersAtOnce.add(holding.incrementAndGet());
                    assertThat(held.held()).isTrue();
                    sleepMillis(200);
                    holdersAtOnce.add(holding.decrementAndGet() + 1);
                }
            }, threads));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(holdersAtOnce).hasSize(2 * claimers).containsOnly(1);
        assertThat(repository.lease("run-r1")).isEmpty();
    }

    @Test
    void aWaiterReturnsEmptyWhenTheHolderFinishedTheWork() throws Exception {
        EvaluationLeases.Held held = instance("holder").acquire("run-r2", () -> false).orElseThrow();
        EvaluationLeases waiting = instance("waiter");
        AtomicBoolean done = new AtomicBoolean();
        CompletableFuture<Optional<EvaluationLeases.Held>> waiter = Background.supply(
                () -> waiting.acquire("run-r2", done::get));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.awaited().contains("run-r2"));

        done.set(true);
        held.close();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(waiting.awaited()).isEmpty();
    }

    @Test
    void aWaiterTakesTheLeaseWhenTheHolderLetsGoWithTheWorkUndone() throws Exception {
        EvaluationLeases.Held held = instance("holder").acquire("run-r3", () -> false).orElseThrow();
        EvaluationLeases waiting = instance("waiter");
        CompletableFuture<Optional<EvaluationLeases.Held>> waiter = Background.supply(
                () -> waiting.acquire("run-r3", () -> false));
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.awaited().contains("run-r3"));

        held.close();

        try (EvaluationLeases.Held next = waiter.get(10, TimeUnit.SECONDS).orElseThrow()) {
            assertThat(next.held()).isTrue();
            assertThat(repository.lease("run-r3").orElseThrow().owner()).isEqualTo("waiter");
        }
    }

    @Test
    void aHolderRenewsItsLeaseWhileItWorks() {
        try (EvaluationLeases.Held held = instance("holder").acquire("run-r4", () -> false).orElseThrow()) {
            Instant firstExpiry = repository.lease("run-r4").orElseThrow().expiresAt();

            await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(firstExpiry));

            assertThat(held.held()).isTrue();
            assertThat(repository.lease("run-r4").orElseThrow().expiresAt()).isAfter(firstExpiry);
        }
    }

    @Test
    void anExpiredLeaseOfADeadHolderIsTakenOverAfterItsExpiry() {
        Instant expiry = Instant.now().plusSeconds(1);
        repository.saveLease(new EvaluationLease("run-r5", "dead-instance", "dead-token", Instant.now(), expiry));

        try (EvaluationLeases.Held held = instance("survivor").acquire("run-r5", () -> false).orElseThrow()) {
            assertThat(Instant.now()).isAfter(expiry);
            assertThat(held.held()).isTrue();
            assertThat(repository.lease("run-r5").orElseThrow().owner()).isEqualTo("survivor");
        }
    }

    @Test
    void aHolderWhoseLeaseWasTakenOverKnowsItAndLeavesTheNewLeaseAlone() {
        EvaluationLeases.Held held = instance("paused").acquire("run-r6", () -> false).orElseThrow();
        EvaluationLease taker = new EvaluationLease("run-r6", "taker", "taker-token", Instant.now(),
                Instant.now().plusSeconds(60));
        repository.saveLease(taker);

        assertThat(held.held()).isFalse();
        held.close();

        assertThat(repository.lease("run-r6")).contains(taker);
    }

    private EvaluationLeases instance(String owner) {
        EvaluationLeases leases = new EvaluationLeases(repository, config, owner, Clock.systemUTC());
        instances.add(leases);
        return leases;
    }

    private static void put(MinioClient client, String content, Map<String, String> headers) throws Exception {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        client.putObject(PutObjectArgs.builder().bucket("conditional").object("lease.json")
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).extraHeaders(headers).build());
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.tuneline.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.generate.T5Seq2SeqModel;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import io.tuneline.model.serve.BatchingConfig;
import io.tuneline.model.serve.ContinuousBatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter pool's lifecycle on the tiny checkpoint (no service around it): loads once however many ask, evicts
 * the least recently used beyond its maximum, keeps an evicted adapter open while a request holds it, and lets the
 * base's weights go only when the last model on them is closed.
 */
class AdapterPoolTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final AtomicInteger loads = new AtomicInteger();
    private final AtomicInteger evictions = new AtomicInteger();
    private AdapterPool pool;
    private BaseModel base;

    @BeforeEach
    void loadBase() {
        T5ForConditionalGeneration model = T5Checkpoint.load(PromotedTinyModel.CHECKPOINT);
        pool = new AdapterPool(2, evictions::incrementAndGet);
        base = new BaseModel("s3://tuneline-models/flan-t5-tiny/", model, model.tokenizer().orElseThrow(), pool);
    }

    @AfterEach
    void releaseBase() {
        if (!base.closed()) {
            base.retire();
        }
    }

    @Test
    void eachAdapterIsLoadedOnceAndTheLeastRecentlyUsedIsEvictedBeyondTheMaximum() {
        LoadedModel a = pool.acquire("a", this::engine);
        a.release();
        assertThat(pool.acquire("a", this::engine)).isSameAs(a);
        a.release();
        pool.acquire("b", this::engine).release();
        pool.acquire("a", this::engine).release(); // b is now the least recently used
        pool.acquire("c", this::engine).release();

        assertThat(loads).hasValue(3);
        assertThat(evictions).hasValue(1);
        assertThat(pool.loaded()).extracting(m -> m.version().adapter()).containsExactly("a", "c");
        assertThat(pool.size()).isEqualTo(2);
    }

    @Test
    void anEvictedAdapterStaysOpenUntilItsRunningRequestsFinish() {
        LoadedModel b = pool.acquire("b", this::engine); // a running request holds b
        pool.acquire("a", this::engine).release();
        pool.acquire("c", this::engine).release(); // b is evicted, its request still running

        assertThat(pool.loaded()).extracting(m -> m.version().adapter()).containsExactly("a", "c");
        assertThat(b.retired()).isTrue();
        // Closing runs on a thread of its own: give a wrongly early close the time to show.
        await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(() -> !b.closed());
        b.release();
        await().atMost(PATIENCE).until(b::closed);
        // A later request for b loads it anew.
        LoadedModel again = pool.acquire("b", this::engine);
        assertThat(again).isNotSameAs(b);
        again.release();
        assertThat(loads).hasValue(4);
    }

    @Test
    void concurrentRequestsForANewAdapterLoadItOnce() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(6);
        try {
            List<Future<LoadedModel>> leases = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                leases.add(clients.submit(() -> {
                    start.await();
                    return pool.acquire("shared", this::engine);
                }));
            }
            start.countDown();
            LoadedModel first = leases.get(0).get();
            for (Future<LoadedModel> lease : leases) {
                assertThat(lease.get()).isSameAs(first);
            }
            assertThat(first.leases()).isEqualTo(6);
            leases.forEach(lease -> first.release());
        } finally {
            clients.shutdownNow();
        }
        assertThat(loads).hasValue(1);
    }

    @Test
    void aFailedLoadIsReportedAndNotRemembered() {
        assertThatThrownBy(() -> pool.acquire("broken", name -> {
            throw new AdapterLoadException(AdapterLoadException.Kind.UNREADABLE, name, "corrupt", null);
        })).isInstanceOf(AdapterLoadException.class).hasMessage("corrupt");
        LoadedModel fixed = pool.acquire("broken", this::engine);
        fixed.release();
        assertThat(pool.loaded()).containsExactly(fixed);
    }

    @Test
    void theBaseIsClosedOnlyAfterItsLastAdapterIsDone() {
        LoadedModel running = pool.acquire("a", this::engine);
        base.retire(); // the model name moved to other weights: the slot lets go of this base

        assertThat(pool.acquire("b", this::engine)).as("a retired pool takes no requests").isNull();
        assertThat(running.retired()).isTrue();
        assertThat(base.closed()).isFalse();
        running.release();
        await().atMost(PATIENCE).until(base::closed);
    }

    private LoadedModel engine(String name) {
        loads.incrementAndGet();
        assertThat(base.tryHold()).isTrue();
        LoraAdapter adapter = LoraAdapter.initialize(base.model().config(),
                LoraConfig.t5Defaults(2, 4, 0.0, base.location()), loads.get());
        T5Seq2SeqModel view = new T5Seq2SeqModel(base.model().withAdapter(adapter));
        ContinuousBatcher batcher = new ContinuousBatcher("test-" + name, view, view.specialTokens(),
                new BatchingConfig(2, Duration.ZERO, 4, 1));
        ModelVersion version = new ModelVersion("m", null, null, "s3://adapters/" + name + "/", ModelVersion.ADAPTER,
                base.location(), name);
        return new LoadedModel(version, base, adapter, batcher);
    }
}

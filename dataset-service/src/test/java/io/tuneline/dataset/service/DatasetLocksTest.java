package io.tuneline.dataset.service;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DatasetLocksTest {

    private final DatasetLocks locks = new DatasetLocks();

    @Test
    void writersOfOneDatasetTakeTurnsWhileOtherDatasetsProceed() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> locks.withLock("a", () -> {
            holding.countDown();
            await(release);
            return "first";
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<String> sameDataset = CompletableFuture.supplyAsync(() -> locks.withLock("a", () -> "second"));
        String otherDataset = locks.withLock("b", () -> "other");

        assertThat(otherDataset).isEqualTo("other");
        Thread.sleep(200);
        assertThat(sameDataset).isNotDone();
        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("first");
        assertThat(sameDataset.get(10, TimeUnit.SECONDS)).isEqualTo("second");
    }

    @Test
    void theLockIsReleasedWhenTheWorkFails() {
        try {
            locks.withLock("a", () -> {
                throw new IllegalStateException("upload interrupted");
            });
        } catch (IllegalStateException expected) {
            // the failure itself is not the point
        }
        assertThat(CompletableFuture.supplyAsync(() -> locks.withLock("a", () -> "next")).join()).isEqualTo("next");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tuneline.template.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.common.testing.SharedObjectStore;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Skipping versions that a later one supersedes, over the shared real S3 server. */
class SupersededVersionsTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final SupersededVersions superseded = new SupersededVersions(SharedObjectStore.store(), SharedObjectStore.DEFAULT_LAYOUT, metrics);
    private final String datasetId = SharedObjectStore.uniqueId("chats");

    private void put(ObjectRef ref) {
        SharedObjectStore.store().put(ref.bucket(), ref.key(), "{}".getBytes());
    }

    private double skipped() {
        return metrics.counter("tuneline.template.versions.skipped", "dataset", datasetId).count();
    }

    @Test
    void aVersionWithALaterManifestIsSkippedAndCounted() {
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, "v1"));
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, "v2"));
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, "v10"));

        assertThat(superseded.skip(datasetId, "v2")).isTrue();
        assertThat(superseded.skip(datasetId, "v1")).isTrue();
        assertThat(skipped()).isEqualTo(2);
        assertThat(superseded.skip(datasetId, "v10")).isFalse();
        assertThat(skipped()).isEqualTo(2);
    }

    @Test
    void aLaterVersionWithoutItsManifestYetDoesNotSupersede() {
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, "v1"));
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetSplit(datasetId, "v2", "train"));

        assertThat(superseded.skip(datasetId, "v1")).isFalse();
        assertThat(skipped()).isZero();
    }

    @Test
    void versionIdsWithoutASequenceNumberAreNeverSkipped() {
        put(SharedObjectStore.DEFAULT_LAYOUT.datasetManifest(datasetId, "v7"));

        assertThat(superseded.skip(datasetId, "upload-2026-01")).isFalse();
        assertThat(skipped()).isZero();
    }
}

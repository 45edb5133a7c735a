package io.tuneline.inference.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.inference.model.LoadedModel;
import io.tuneline.inference.model.ModelLoadException;
import io.tuneline.contracts.api.ModelVersion;
import io.tuneline.inference.model.ServedModel;
import io.tuneline.inference.testing.PromotedTinyModel;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which model each name serves: the promoted record in object storage, else the fallback, else a failure that says
 * why; promotions swap, failed ones keep the old model. Embedded S3 (what is promoted lives there) and the tiny
 * FLAN-T5 checkpoint; no Quarkus.
 */
class ModelRegistryTest {

    private static final StorageLayout LAYOUT = PromotedTinyModel.LAYOUT;
    private static final String LOCAL = PromotedTinyModel.CHECKPOINT.toAbsolutePath().toString();

    @RegisterExtension
    static final EmbeddedS3Extension S3 = EmbeddedS3Extension.withBuckets(LAYOUT.allBuckets().toArray(String[]::new));

    @TempDir
    Path cacheDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private ObjectStore store;
    private ModelRegistry registry;

    private ModelRegistry start(Map<String, String> fallback, String... names) {
        registry = new ModelRegistry(TestConfig.of(cacheDir, fallback, names), store(), LAYOUT,
                new InferenceMetrics(meters));
        registry.onStart(new StartupEvent());
        return registry;
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.onStop(new ShutdownEvent());
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void eachNameServesItsPromotedCheckpointElseItsFallbackElseSaysWhyNot() throws Exception {
        ObjectRef checkpoint = PromotedTinyModel.uploadCheckpoint(store(), "run-start");
        recordPromotion(new ModelPromoted("promoted", "run-start", "eval-1", checkpoint, null));

        start(Map.of("fallback", LOCAL, "promoted", "/does/not/matter"), "promoted", "fallback", "nothing");

        LoadedModel promoted = loaded("promoted");
        assertThat(promoted.version().runId()).isEqualTo("run-start");
        assertThat(promoted.version().source()).isEqualTo(ModelVersion.PROMOTED);
        assertThat(promoted.version().checkpoint()).isEqualTo(checkpoint.toString());
        LoadedModel fallback = loaded("fallback");
        assertThat(fallback.version().source()).isEqualTo(ModelVersion.FALLBACK);
        assertThat(fallback.version().checkpoint()).isEqualTo(LOCAL);
        ServedModel nothing = registry.find("nothing").orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> nothing.lastFailure() != null);
        assertThat(nothing.current()).isNull();
        assertThat(nothing.lastFailure().reason()).contains("no fallback", "tuneline.inference.fallback.\"nothing\"");
        assertThat(versionGauge("promoted", "run-start")).isEqualTo(1.0);
    }

    @Test
    void aPromotionSwapsAndAFailedOneKeepsTheModelServing() throws Exception {
        start(Map.of("summarizer", LOCAL), "summarizer");
        LoadedModel before = loaded("summarizer");
        ObjectRef next = PromotedTinyModel.uploadCheckpoint(store(), "run-next");

        assertThat(registry.promote(new ModelPromoted("summarizer", "run-next", "eval-2", next, null))).isTrue();

        ServedModel slot = registry.find("summarizer").orElseThrow();
        assertThat(slot.current().version().runId()).isEqualTo("run-next");
        assertThat(before.retired()).isTrue();
        assertThat(versionGauge("summarizer", "run-next")).isEqualTo(1.0);
        assertThat(versionGauge("summarizer", "")).isEqualTo(0.0); // the fallback answers no more

        ObjectRef missing = LAYOUT.finalCheckpoint("run-missing");
        assertThat(registry.promote(new ModelPromoted("summarizer", "run-missing", "eval-3", missing, null)))
                .isFalse();
        assertThat(slot.current().version().runId()).isEqualTo("run-next");
        assertThat(slot.lastFailure().version().runId()).isEqualTo("run-missing");
        assertThat(slot.loading()).isNull();

        assertThat(registry.promote(new ModelPromoted("not-served", "run-next", "eval-2", next, null))).isFalse();
    }

    @Test
    void requestsWithoutANameGoToTheFirstName() {
        start(Map.of(), "first", "second");

        assertThat(registry.find(null).orElseThrow().name()).isEqualTo("first");
        assertThat(registry.find(" ").orElseThrow().name()).isEqualTo("first");
        assertThat(registry.find("second").orElseThrow().name()).isEqualTo("second");
        assertThat(registry.find("third")).isEmpty();
        assertThat(registry.all()).extracting(ServedModel::name).containsExactly("first", "second");
    }

    @Test
    void anS3LocationNeedsABucketAndAPrefix() {
        assertThat(ModelRegistry.parseS3("s3://models/flan-t5-small/"))
                .isEqualTo(new ObjectRef("models", "flan-t5-small/"));
        assertThatThrownBy(() -> ModelRegistry.parseS3("s3:///prefix/")).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("s3://bucket/prefix/");
    }

    private LoadedModel loaded(String name) {
        ServedModel slot = registry.find(name).orElseThrow();
        await().atMost(Duration.ofSeconds(60)).until(() -> slot.current() != null || slot.lastFailure() != null);
        assertThat(slot.lastFailure()).as("load failure of %s", name).isNull();
        return slot.current();
    }

    private double versionGauge(String model, String runId) {
        return meters.get("tuneline.inference.model.info").tags("model", model, "run_id", runId).gauge().value();
    }

    private ObjectStore store() {
        if (store == null) {
            store = new ObjectStore(new S3Settings(S3.endpoint(), S3.accessKey(), S3.secretKey(), null));
        }
        return store;
    }

    private void recordPromotion(ModelPromoted promoted) throws Exception {
        ObjectRef record = LAYOUT.promotedModel(promoted.modelName());
        store().put(record.bucket(), record.key(),
                EventCodec.mapper().writeValueAsString(promoted).getBytes(StandardCharsets.UTF_8));
    }
}

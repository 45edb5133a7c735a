package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.eval.testing.TestEvalConfig;
import io.tuneline.common.testing.SharedObjectStore;
import io.tuneline.model.config.LoraConfig;
import io.tuneline.model.config.T5Config;
import io.tuneline.model.io.CheckpointException;
import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.storage.ObjectNotFoundException;
import io.tuneline.storage.ObjectStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Model folders downloaded once, interrupted downloads started over, LoRA adapters merged once. */
class ModelCacheTest {

    private static final Path TINY_T5 = Path.of("src/test/resources/t5/flan-t5-tiny-untied");

    private final ObjectStore store = SharedObjectStore.store();
    private final StorageLayout layout = SharedObjectStore.freshLayout();

    @TempDir
    Path cacheDir;

    @Test
    void aFolderIsDownloadedOnceAndThenServedFromDisk() throws Exception {
        ObjectRef model = upload("base/", "config.json", "{\"v\":1}");
        ModelCache cache = cache();

        Path folder = cache.folder(model);
        // S3 changes after the download: the cache does not look again (model folders are immutable)
        store.put(model.bucket(), model.key() + "config.json", "{\"v\":2}".getBytes(StandardCharsets.UTF_8));
        store.put(model.bucket(), model.key() + "extra.bin", new byte[] {1});
        Path again = cache.folder(new ObjectRef(model.bucket(), "base")); // the same folder without its slash

        assertThat(again).isEqualTo(folder);
        assertThat(folder).startsWith(cacheDir);
        assertThat(Files.readString(folder.resolve("config.json"))).isEqualTo("{\"v\":1}");
        assertThat(folder.resolve("extra.bin")).doesNotExist();
        assertThat(folder.resolve(ModelCache.COMPLETE_MARKER)).exists();
    }

    @Test
    void aFolderWithoutItsMarkerIsAnInterruptedDownloadAndIsDownloadedAgain() throws Exception {
        ObjectRef model = upload("interrupted/", "config.json", "{\"complete\":true}");
        Path partial = cacheDir.resolve(model.bucket()).resolve("interrupted");
        Files.createDirectories(partial);
        Files.writeString(partial.resolve("config.json"), "{\"comp");

        Path folder = cache().folder(model);

        assertThat(folder).isEqualTo(partial);
        assertThat(Files.readString(folder.resolve("config.json"))).isEqualTo("{\"complete\":true}");
        assertThat(folder.resolve(ModelCache.COMPLETE_MARKER)).exists();
    }

    @Test
    void aMissingFolderIsNotFoundAndNotRememberedAsCached() throws Exception {
        ModelCache cache = cache();
        ObjectRef later = new ObjectRef(layout.checkpoints(), "later/");

        assertThatThrownBy(() -> cache.folder(later)).isInstanceOf(ObjectNotFoundException.class);

        upload("later/", "config.json", "{}");
        assertThat(Files.readString(cache.folder(later).resolve("config.json"))).isEqualTo("{}");
    }

    @Test
    void aLocationThatWouldLeaveTheCacheIsRefused() {
        ModelCache cache = cache();

        assertThatThrownBy(() -> cache.folder(new ObjectRef(layout.models(), "../../outside/")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("escapes the cache");
        assertThat(cacheDir.getParent().resolve("outside")).doesNotExist();
    }

    @Test
    void aPlainCheckpointIsItsOwnFolder() {
        ObjectRef model = upload("plain/", "config.json", "{}");
        ModelCache cache = cache();

        assertThat(cache.checkpoint(model, model)).isEqualTo(cache.folder(model));
    }

    @Test
    void aLoraAdapterIsMergedIntoItsBaseOnceAsAPlainCheckpointBesideTheAdapter() throws Exception {
        ObjectRef base = new ObjectRef(layout.models(), "tiny/");
        store.uploadFolder(TINY_T5, base.bucket(), base.key());
        Path adapterDir = cacheDir.resolve("made-by-the-trainer");
        try (LoraAdapter adapter = LoraAdapter.initialize(T5Config.read(TINY_T5.resolve("config.json")),
                LoraConfig.t5Defaults(4, 8, 0, "tiny"), 7)) {
            PeftAdapter.save(adapter, adapterDir);
        }
        ObjectRef adapter = new ObjectRef(layout.checkpoints(), "lora-run/final/");
        store.uploadFolder(adapterDir, adapter.bucket(), adapter.key());
        ModelCache cache = cache();

        Path merged = cache.checkpoint(adapter, base);

        assertThat(merged).isEqualTo(cache.folder(adapter).resolveSibling("final.merged"));
        assertThat(PeftAdapter.isAdapter(merged)).isFalse();
        assertThat(merged.resolve(StorageLayout.MODEL_SAFETENSORS)).isNotEmptyFile();
        assertThat(merged.resolve(StorageLayout.CONFIG_JSON)).isNotEmptyFile();
        assertThat(Files.readString(merged.resolve(ModelCache.COMPLETE_MARKER))).contains("merged into " + base);
        assertThat(PeftAdapter.isAdapter(cache.folder(adapter))).isTrue();

        // once merged, neither the adapter nor the base is needed again
        store.deletePrefix(adapter.bucket(), adapter.key());
        store.deletePrefix(base.bucket(), base.key());
        long mergedAt = Files.getLastModifiedTime(merged.resolve(StorageLayout.MODEL_SAFETENSORS)).toMillis();
        assertThat(cache.checkpoint(adapter, base)).isEqualTo(merged);
        assertThat(Files.getLastModifiedTime(merged.resolve(StorageLayout.MODEL_SAFETENSORS)).toMillis())
                .isEqualTo(mergedAt);
    }

    @Test
    void anEvictedCandidateLeavesTheDiskOnlyWhenNoOtherEvaluationStillGeneratesWithIt() throws Exception {
        ObjectRef candidate = upload("run-7/final/", "config.json", "{}");
        ObjectRef base = upload("base-for-run-7/", "config.json", "{}");
        ModelCache cache = cache();
        Path first = cache.checkpoint(candidate, base);
        cache.checkpoint(candidate, base); // a second evaluation of the same run (a redelivered request)
        Files.createDirectories(first.resolveSibling("final.merged"));

        cache.evict(candidate);
        assertThat(first.resolve("config.json")).exists();

        cache.evict(candidate);
        assertThat(first).doesNotExist();
        assertThat(first.resolveSibling("final.merged")).doesNotExist();
        assertThat(cache.folder(base).resolve("config.json")).exists();

        cache.evict(candidate); // nothing left to free: no error, nothing else touched
        assertThat(cache.checkpoint(candidate, base).resolve("config.json")).exists(); // downloaded again if needed
    }

    @Test
    void aFolderNoEvaluationTookIsNotEvicted() throws Exception {
        ObjectRef model = upload("only-read/", "config.json", "{}");
        ModelCache cache = cache();
        Path folder = cache.folder(model);

        cache.evict(model);

        assertThat(folder.resolve("config.json")).exists();
    }

    @Test
    void anAdapterThatCannotBeReadIsAnErrorAndLeavesNoMergedCheckpoint() {
        ObjectRef base = new ObjectRef(layout.models(), "tiny-for-broken/");
        store.uploadFolder(TINY_T5, base.bucket(), base.key());
        ObjectRef adapter = upload("broken-lora/", PeftAdapter.CONFIG_JSON, "{\"r\":");
        ModelCache cache = cache();

        assertThatThrownBy(() -> cache.checkpoint(adapter, base)).isInstanceOf(CheckpointException.class)
                .hasMessageContaining("broken-lora/adapter_config.json");

        assertThat(cache.folder(adapter).resolveSibling("broken-lora.merged").resolve(ModelCache.COMPLETE_MARKER))
                .doesNotExist();
    }

    private ModelCache cache() {
        return new ModelCache(store, TestEvalConfig.defaults(cacheDir));
    }

    private ObjectRef upload(String folder, String file, String content) {
        store.put(layout.checkpoints(), folder + file, content.getBytes(StandardCharsets.UTF_8));
        return new ObjectRef(layout.checkpoints(), folder);
    }
}

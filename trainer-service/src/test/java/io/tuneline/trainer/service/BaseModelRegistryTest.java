package io.tuneline.trainer.service;

import io.tuneline.common.rest.ApiException;
import io.tuneline.contracts.api.BaseModel;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.storage.ObjectStore;
import io.tuneline.trainer.testing.UnitStorage;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The base-model registry over the real S3 server, with the tiny FLAN-T5-shaped fixture checkpoint. */
class BaseModelRegistryTest {

    @RegisterExtension
    static final UnitStorage S3 = new UnitStorage();

    private static final Path FIXTURE = Path.of("src/test/resources/models/flan-t5-tiny-untied");
    /** Sum of the tensor shapes in the fixture's safetensors header (as BaseModelResourceTest counts it). */
    private static final long FIXTURE_PARAMETERS = 278_656;

    private static ObjectStore store;
    private static BaseModelRegistry registry;

    private final String name = "tiny-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void connect() {
        store = S3.store();
        registry = new UnitServices(store, io.tuneline.trainer.testing.ScriptedExecutor.local()).registry;
    }


    @Test
    void filesPutUnderANameRegisterWithTheirConfigSummaryAndResolveToTheirFolder() throws IOException {
        for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            try (InputStream in = Files.newInputStream(FIXTURE.resolve(file))) {
                assertThat(registry.putFile(name, file, in))
                        .isEqualTo(new ObjectRef("tuneline-models", name + "/" + file));
            }
        }

        BaseModel model = registry.register(name, null);

        assertThat(model.location()).isEqualTo("s3://tuneline-models/" + name + "/");
        assertThat(model.files()).containsExactlyInAnyOrder("config.json", "model.safetensors", "tokenizer.json");
        assertThat(model.summary().dModel()).isEqualTo(64);
        assertThat(model.summary().encoderLayers()).isEqualTo(3);
        assertThat(model.summary().decoderLayers()).isEqualTo(2);
        assertThat(model.summary().feedForward()).isEqualTo("gated-gelu");
        assertThat(model.summary().parameterCount()).isEqualTo(FIXTURE_PARAMETERS);
        assertThat(model.summary().tokenizerPresent()).isTrue();
        assertThat(registry.find(name)).contains(model);
        assertThat(registry.list()).extracting(BaseModel::name).contains(name).isSorted();
        assertThat(registry.resolve(name)).isEqualTo(model.location());
    }

    @Test
    void aFolderLocationGetsItsTrailingSlashAndAFolderWithoutWeightsCountsNoParameters() {
        store.put("tuneline-models", "imported/" + name + "/config.json", bytes(FIXTURE.resolve("config.json")));

        BaseModel model = registry.register(name, "s3://tuneline-models/imported/" + name);

        assertThat(model.location()).isEqualTo("s3://tuneline-models/imported/" + name + "/");
        assertThat(model.summary().parameterCount()).isEqualTo(-1);
        assertThat(model.summary().tokenizerPresent()).isFalse();
    }

    @Test
    void somethingThatIsNotAModelIsRefusedWithTheReason() {
        store.put("tuneline-models", "notes/" + name + "/readme.txt", "hi".getBytes());
        refused(() -> registry.register(name, "s3://tuneline-models/notes/" + name + "/"), 400, "not-a-model",
                "no config.json");
        refused(() -> registry.register(name, "s3://tuneline-models/nothing-" + name + "/"), 400, "not-a-model",
                "the folder is empty");
        store.put("tuneline-models", "broken/" + name + "/config.json", "{not json".getBytes());
        refused(() -> registry.register(name, "s3://tuneline-models/broken/" + name + "/"), 400, "not-a-model",
                "config.json");
        store.put("tuneline-models", "torn/" + name + "/config.json", bytes(FIXTURE.resolve("config.json")));
        store.put("tuneline-models", "torn/" + name + "/model.safetensors", new byte[] {1, 2, 3});
        refused(() -> registry.register(name, "s3://tuneline-models/torn/" + name + "/"), 400, "not-a-model",
                "model.safetensors");
        refused(() -> registry.register(name, "/local/folder"), 400, "bad-location", "s3://bucket/prefix/");
        refused(() -> registry.register("../escape", null), 400, "bad-name", "name");
        assertThat(registry.find(name)).isEmpty();
    }

    @Test
    void unsafeFileNamesAreRefusedBeforeAnythingIsStored() {
        for (String path : List.of("../config.json", "a//b", "", "sub/../../x")) {
            refused(() -> registry.putFile(name, path, new ByteArrayInputStream(new byte[0])), 400,
                    "bad-file-name", "");
        }
        assertThat(store.list("tuneline-models", name + "/")).isEmpty();
    }

    @Test
    void baseModelsResolveToFoldersAndUnknownNamesNameTheField() {
        assertThat(registry.resolve("s3://tuneline-models/anywhere/")).isEqualTo("s3://tuneline-models/anywhere/");
        assertThat(registry.resolve("/models/local")).isEqualTo("/models/local");
        assertThat(registry.resolve("./models/local")).isEqualTo("./models/local");
        for (String unknown : List.of("never-registered-" + name, "not a name")) {
            assertThatThrownBy(() -> registry.resolve(unknown)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.toApiError().error()).isEqualTo(BaseModelRegistry.ERROR_UNKNOWN_BASE_MODEL);
                assertThat(e.toApiError().details()).containsEntry("field", "baseModel");
            });
        }
    }

    private static void refused(ThrowableAssert.ThrowingCallable call, int status, String error, String saying) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.toApiError().error()).isEqualTo(error);
            assertThat(e.getMessage()).contains(saying);
        });
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package io.tuneline.inference.testing;

import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.ModelPromoted;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.quarkus.S3TestResource;
import io.tuneline.embedded.s3.EmbeddedS3;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded S3 server with the tiny FLAN-T5 checkpoint uploaded as run {@value #FIRST_RUN}'s final checkpoint and
 * recorded as the promoted model of {@value #MODEL}, before the application starts: the service must find it there.
 * The same checkpoint is also kept as the base model {@code flan-t5-tiny}, the fallback of {@value #LORA_MODEL}.
 */
public class PromotedTinyModel extends S3TestResource {

    public static final String MODEL = "support-summarizer";
    public static final String FIRST_RUN = "run-a";
    /** The model name whose LoRA runs are promoted in the tests (served from the base model until then). */
    public static final String LORA_MODEL = "support-lora";
    public static final Path CHECKPOINT = Path.of("src/test/resources/models/flan-t5-tiny");
    public static final StorageLayout LAYOUT = StorageLayout.defaults();

    @Override
    public Map<String, String> start() {
        Map<String, String> properties = super.start();
        EmbeddedS3 server = server();
        server.createBuckets(LAYOUT.allBuckets().toArray(String[]::new));
        try (ObjectStore store = store(server)) {
            ObjectRef checkpoint = uploadCheckpoint(store, FIRST_RUN);
            // The base of the LoRA name (support-lora) until a LoRA run is promoted: see the %test fallback.
            store.uploadFolder(CHECKPOINT, LoraFixtures.BASE.bucket(), LoraFixtures.BASE.key());
            ModelPromoted promoted = new ModelPromoted(MODEL, FIRST_RUN, "eval-a", checkpoint, null);
            ObjectRef record = LAYOUT.promotedModel(MODEL);
            store.put(record.bucket(), record.key(), EventCodec.mapper().writeValueAsString(promoted)
                    .getBytes(StandardCharsets.UTF_8));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return properties;
    }

    /** Uploads the tiny checkpoint as {@code runId}'s final checkpoint. */
    public static ObjectRef uploadCheckpoint(ObjectStore store, String runId) {
        ObjectRef folder = LAYOUT.finalCheckpoint(runId);
        store.uploadFolder(CHECKPOINT, folder.bucket(), folder.key());
        return folder;
    }

    public static ObjectStore store(EmbeddedS3 server) {
        return new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey(), null));
    }
}

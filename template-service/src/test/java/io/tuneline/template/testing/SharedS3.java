package io.tuneline.template.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.embedded.s3.EmbeddedS3;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;

import java.util.UUID;

/**
 * One real S3 server (test-support's embedded s3proxy) for the plain unit tests of this module that read and write
 * objects, started on first use and stopped when the test JVM exits, so each test class does not pay its start.
 * Tests keep apart by using {@link #uniqueId} for their dataset ids and collections.
 */
public final class SharedS3 {

    public static final StorageLayout LAYOUT = StorageLayout.defaults();

    private static ObjectStore store;

    private SharedS3() {
    }

    public static synchronized ObjectStore store() {
        if (store == null) {
            EmbeddedS3 server = new EmbeddedS3().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            store = new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey()));
            store.ensureBuckets(LAYOUT.allBuckets());
        }
        return store;
    }

    /** An id no other test uses, valid as a dataset id or a library collection ({@code prefix-xxxxxxxx}). */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

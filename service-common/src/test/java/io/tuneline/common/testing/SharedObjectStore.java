package io.tuneline.common.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.embedded.s3.EmbeddedS3;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;

import java.util.UUID;

/**
 * One real S3 server (the embedded s3proxy) shared by the plain unit tests of a test JVM, started on first use and
 * stopped when the JVM exits, so that no test class pays its start again. {@link ObjectStore} is final and speaks
 * S3, so unit tests use the real thing and keep apart by names: buckets under a prefix of their own
 * ({@link #freshLayout()}), or ids no other test uses in the default layout's buckets ({@link #uniqueId}).
 */
public final class SharedObjectStore {

    /** The default layout; its buckets exist once {@link #store()} returned. */
    public static final StorageLayout DEFAULT_LAYOUT = StorageLayout.defaults();

    private static ObjectStore store;

    private SharedObjectStore() {
    }

    public static synchronized ObjectStore store() {
        if (store == null) {
            EmbeddedS3 server = new EmbeddedS3().start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "shared-s3-stop"));
            store = new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey()));
            store.ensureBuckets(DEFAULT_LAYOUT.allBuckets());
        }
        return store;
    }

    /** Every bucket of a layout under a prefix no other test uses, created, so listing shows only this test's. */
    public static StorageLayout freshLayout() {
        StorageLayout layout = StorageLayout.withPrefix("u" + UUID.randomUUID().toString().substring(0, 8) + "-");
        store().ensureBuckets(layout.allBuckets());
        return layout;
    }

    /** An id no other test uses, valid as a dataset id or a library collection ({@code prefix-xxxxxxxx}). */
    public static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

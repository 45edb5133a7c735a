package io.tuneline.eval.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.embedded.s3.EmbeddedS3;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;

import java.util.UUID;

/**
 * One real S3 server (test-support's embedded s3proxy, about a second to start) shared by the unit tests of this
 * module. {@link ObjectStore} is final and speaks S3, so unit tests use the real thing, each with buckets of its own
 * ({@link #freshLayout()}), so that listing a bucket never shows another test's objects.
 */
public final class UnitStorage {

    private static EmbeddedS3 server;
    private static ObjectStore store;

    private UnitStorage() {
    }

    public static synchronized ObjectStore store() {
        if (store == null) {
            server = new EmbeddedS3().start();
            store = new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey(), null,
                    null));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "unit-s3-stop"));
        }
        return store;
    }

    /** The five buckets under a prefix no other test uses, created. */
    public static StorageLayout freshLayout() {
        ObjectStore objects = store();
        StorageLayout layout = StorageLayout.withPrefix("u" + UUID.randomUUID().toString().substring(0, 8) + "-");
        objects.ensureBuckets(layout.allBuckets());
        return layout;
    }
}

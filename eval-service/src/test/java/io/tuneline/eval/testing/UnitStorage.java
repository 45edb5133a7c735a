package io.tuneline.eval.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.embedded.s3.EmbeddedS3;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;

/**
 * One real S3 server (test-support's embedded s3proxy, ~1 s to start) shared by the unit tests of this module, with
 * the default buckets. {@link ObjectStore} is final and talks S3, so unit tests use the real thing; each test keeps
 * to keys of its own (a random suffix), so they never see each other's objects.
 */
public final class UnitStorage {

    private static EmbeddedS3 server;
    private static ObjectStore store;

    private UnitStorage() {
    }

    public static StorageLayout layout() {
        return StorageLayout.defaults();
    }

    public static synchronized ObjectStore store() {
        if (store == null) {
            server = new EmbeddedS3().start();
            server.createBuckets(layout().allBuckets().toArray(String[]::new));
            store = new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey(), null,
                    null));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "unit-s3-stop"));
        }
        return store;
    }
}

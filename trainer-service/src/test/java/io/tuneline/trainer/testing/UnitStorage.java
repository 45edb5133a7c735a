package io.tuneline.trainer.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;

/** The embedded S3 server with every bucket of the default layout, for unit tests of classes that store objects. */
public final class UnitStorage {

    public static final StorageLayout LAYOUT = StorageLayout.defaults();

    private UnitStorage() {
    }

    public static EmbeddedS3Extension server() {
        return EmbeddedS3Extension.withBuckets(LAYOUT.allBuckets().toArray(String[]::new));
    }

    public static ObjectStore store(EmbeddedS3Extension server) {
        return new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey()));
    }
}

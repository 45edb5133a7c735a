package io.tuneline.trainer.testing;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.testsupport.junit.EmbeddedS3Extension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The embedded S3 server with every bucket of the default layout and a client for it, for unit tests of classes that
 * store objects: {@code @RegisterExtension static final UnitStorage S3 = new UnitStorage();}, then {@code S3.store()}.
 */
public final class UnitStorage implements BeforeAllCallback, AfterAllCallback {

    public static final StorageLayout LAYOUT = StorageLayout.defaults();

    private final EmbeddedS3Extension server =
            EmbeddedS3Extension.withBuckets(LAYOUT.allBuckets().toArray(String[]::new));
    private ObjectStore store;

    @Override
    public void beforeAll(ExtensionContext context) {
        server.beforeAll(context);
        store = new ObjectStore(new S3Settings(server.endpoint(), server.accessKey(), server.secretKey()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        store.close();
        server.afterAll(context);
    }

    public ObjectStore store() {
        return store;
    }
}

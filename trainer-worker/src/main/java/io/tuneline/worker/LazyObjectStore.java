package io.tuneline.worker;

import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import java.util.function.Supplier;

/** One object-store client, made on first use from {@code TUNELINE_S3_*}: runs that never touch S3 need none. */
public final class LazyObjectStore implements Supplier<ObjectStore>, AutoCloseable {

    private ObjectStore store;

    @Override
    public synchronized ObjectStore get() {
        if (store == null) {
            store = new ObjectStore(S3Settings.fromEnvironment());
        }
        return store;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
        }
    }
}

package io.tuneline.common.config;

import io.quarkus.runtime.StartupEvent;
import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Makes sure the buckets of the {@link StorageLayout} exist. Tried at startup; if S3 is down then, the service
 * still starts and the {@code s3} readiness check keeps trying, so the pod becomes ready once S3 is back.
 */
@ApplicationScoped
public class StorageBuckets {

    private static final Logger LOG = Logger.getLogger(StorageBuckets.class);

    private final ObjectStore objectStore;
    private final StorageLayout layout;
    private volatile boolean ensured;

    StorageBuckets(ObjectStore objectStore, StorageLayout layout) {
        this.objectStore = objectStore;
        this.layout = layout;
    }

    void onStart(@Observes StartupEvent started) {
        try {
            ensure();
        } catch (RuntimeException e) {
            LOG.warnf("S3 buckets not ensured at startup (%s); readiness stays down until they are", e.getMessage());
        }
    }

    /** Creates missing buckets once; later calls return at once. Throws if S3 cannot be reached. */
    public void ensure() {
        if (!ensured) {
            verify();
            ensured = true;
        }
    }

    /** Checks every bucket now, creating any that is missing (even one deleted since). Throws if S3 is down. */
    public void verify() {
        objectStore.ensureBuckets(layout.allBuckets());
    }
}

package io.tuneline.common.health;

import io.tuneline.common.config.StorageBuckets;
import io.tuneline.contracts.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready while S3 answers and every bucket of the layout exists (a missing one is created on the spot). */
@Readiness
@ApplicationScoped
public class ObjectStoreHealthCheck implements HealthCheck {

    private final StorageBuckets buckets;
    private final StorageLayout layout;

    ObjectStoreHealthCheck(StorageBuckets buckets, StorageLayout layout) {
        this.buckets = buckets;
        this.layout = layout;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            buckets.verify();
            return HealthCheckResponse.named("s3").up()
                    .withData("buckets", String.join(",", layout.allBuckets()))
                    .build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("s3").down()
                    .withData("error", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .build();
        }
    }
}

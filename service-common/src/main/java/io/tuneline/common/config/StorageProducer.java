package io.tuneline.common.config;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link ObjectStore} and one {@link StorageLayout} per application, both from {@code tuneline.s3.*}. */
public class StorageProducer {

    @Produces
    @Singleton
    StorageLayout storageLayout(S3Config s3) {
        return StorageLayout.withPrefix(s3.bucketPrefix());
    }

    /** Creating the client does not contact S3, so a service starts even while S3 is down. */
    @Produces
    @Singleton
    ObjectStore objectStore(S3Config s3) {
        return new ObjectStore(new S3Settings(s3.endpoint(), s3.accessKey(), s3.secretKey(), s3.region().orElse(null),
                s3.caFile().orElse(null)));
    }

    void closeObjectStore(@Disposes ObjectStore objectStore) {
        objectStore.close();
    }
}

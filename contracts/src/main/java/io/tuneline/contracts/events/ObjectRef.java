package io.tuneline.contracts.events;

import java.util.Objects;

/** A pointer into object storage; a folder when {@code key} ends with {@code /}. */
public record ObjectRef(String bucket, String key) {

    public ObjectRef {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}

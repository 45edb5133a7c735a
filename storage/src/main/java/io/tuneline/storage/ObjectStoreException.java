package io.tuneline.storage;

/** A failed object-storage operation, naming the bucket and (when there is one) the key. */
public class ObjectStoreException extends RuntimeException {

    private final String bucket;
    private final String key;

    public ObjectStoreException(String message, String bucket, String key, Throwable cause) {
        super(message + " (" + location(bucket, key) + ")", cause);
        this.bucket = bucket;
        this.key = key;
    }

    public String bucket() {
        return bucket;
    }

    /** The key or key prefix, or null for bucket-level operations. */
    public String key() {
        return key;
    }

    private static String location(String bucket, String key) {
        return key == null ? "s3://" + bucket : "s3://" + bucket + "/" + key;
    }
}

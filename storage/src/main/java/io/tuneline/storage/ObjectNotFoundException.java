package io.tuneline.storage;

/** The object (or, for folder downloads, every object under the prefix) does not exist. */
public class ObjectNotFoundException extends ObjectStoreException {

    public ObjectNotFoundException(String bucket, String key, Throwable cause) {
        super("No such object", bucket, key, cause);
    }
}

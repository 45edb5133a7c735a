package io.tuneline.storage;

import java.time.Instant;

/** What object storage knows about one object. */
public record StoredObject(String bucket, String key, long size, String etag, Instant lastModified) {
}

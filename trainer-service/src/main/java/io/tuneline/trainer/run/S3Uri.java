package io.tuneline.trainer.run;

import io.tuneline.contracts.events.ObjectRef;

import java.util.Optional;

/** {@code s3://bucket/key} ⇄ {@link ObjectRef} (ObjectRef's own {@code toString} writes this form). */
public final class S3Uri {

    public static final String SCHEME = "s3://";

    private S3Uri() {
    }

    public static Optional<ObjectRef> parse(String location) {
        if (location == null || !location.startsWith(SCHEME)) {
            return Optional.empty();
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            return Optional.of(new ObjectRef(rest, ""));
        }
        return Optional.of(new ObjectRef(rest.substring(0, slash), rest.substring(slash + 1)));
    }

    /** The same location as a folder: key ending in {@code /} (or empty for a whole bucket). */
    public static ObjectRef folder(ObjectRef ref) {
        String key = ref.key();
        return key.isEmpty() || key.endsWith("/") ? ref : new ObjectRef(ref.bucket(), key + "/");
    }
}

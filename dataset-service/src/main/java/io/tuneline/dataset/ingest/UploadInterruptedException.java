package io.tuneline.dataset.ingest;

import java.io.IOException;

/**
 * The body of an upload stopped arriving: the client disconnected, or sent nothing for longer than the read
 * time-out ({@code quarkus.http.read-timeout}) while its declared length was still outstanding.
 */
public final class UploadInterruptedException extends RuntimeException {

    public UploadInterruptedException(IOException cause) {
        super(describe(cause), cause);
    }

    /** True when the server gave up waiting (a stalled client), false when the connection broke. */
    public boolean timedOut() {
        String message = getCause().getMessage();
        return message != null && message.toLowerCase(java.util.Locale.ROOT).contains("timed out");
    }

    private static String describe(IOException cause) {
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}

package io.tuneline.cli.stack;

/** One wiring round trip of a service (a ping through Kafka, an object through S3), as {@code GET /wiring} reports it. */
public record RoundTrip(boolean ok, Long latencyMs, String error) {

    public static RoundTrip failed(String error) {
        return new RoundTrip(false, null, error);
    }

    /** Short enough for a table cell; the full error is printed below the table. */
    public String summary() {
        if (ok) {
            return latencyMs == null ? "ok" : "ok " + latencyMs + " ms";
        }
        return "FAILED";
    }
}

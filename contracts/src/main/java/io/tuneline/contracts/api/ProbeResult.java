package io.tuneline.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The outcome of one round trip through Kafka or S3 (part of {@link WiringStatus}). */
public record ProbeResult(boolean ok, Long latencyMs, String error) {

    public static ProbeResult notCheckedYet() {
        return new ProbeResult(false, null, "not checked yet");
    }

    public static ProbeResult passed(long latencyMs) {
        return new ProbeResult(true, latencyMs, null);
    }

    public static ProbeResult failed(Long latencyMs, String error) {
        return new ProbeResult(false, latencyMs, error);
    }

    /** Short enough for a table cell: {@code ok 35 ms} or {@code FAILED} (the error is reported on its own). */
    @JsonIgnore
    public String summary() {
        if (ok) {
            return latencyMs == null ? "ok" : "ok " + latencyMs + " ms";
        }
        return "FAILED";
    }
}

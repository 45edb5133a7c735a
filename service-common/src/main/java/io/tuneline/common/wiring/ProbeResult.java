package io.tuneline.common.wiring;

/** The outcome of one round trip through Kafka or S3. */
public record ProbeResult(boolean ok, Long latencyMs, String error) {

    static ProbeResult notCheckedYet() {
        return new ProbeResult(false, null, "not checked yet");
    }

    static ProbeResult passed(long latencyMs) {
        return new ProbeResult(true, latencyMs, null);
    }

    static ProbeResult failed(long latencyMs, String error) {
        return new ProbeResult(false, latencyMs, error);
    }
}

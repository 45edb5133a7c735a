package io.tuneline.contracts.api;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * What a service's last wiring check found: every service answers {@code GET /wiring} with it, its {@code wiring}
 * readiness check reports it, and the launcher reads it as this record. {@code checkedAt} is null until the first
 * check has finished.
 */
public record WiringStatus(String service, Instant checkedAt, ProbeResult kafka, ProbeResult s3) {

    public static WiringStatus notCheckedYet(String service) {
        return new WiringStatus(service, null, ProbeResult.notCheckedYet(), ProbeResult.notCheckedYet());
    }

    /** What a caller records when it could not get an answer at all. */
    public static WiringStatus unreachable(String service, String reason) {
        return new WiringStatus(service, null, ProbeResult.failed(null, reason), ProbeResult.failed(null, reason));
    }

    @JsonIgnore
    public boolean allOk() {
        return kafka != null && s3 != null && kafka.ok() && s3.ok();
    }
}

package io.tuneline.common.wiring;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;

/**
 * What the last wiring check found: {@code GET /wiring} answers it as JSON, the {@code wiring} readiness check
 * reports it. {@code checkedAt} is null until the first check has finished.
 */
public record WiringStatus(String service, Instant checkedAt, ProbeResult kafka, ProbeResult s3) {

    static WiringStatus notCheckedYet(String service) {
        return new WiringStatus(service, null, ProbeResult.notCheckedYet(), ProbeResult.notCheckedYet());
    }

    @JsonIgnore
    public boolean allOk() {
        return kafka.ok() && s3.ok();
    }
}

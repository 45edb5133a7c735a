package io.tuneline.common.health;

import io.tuneline.contracts.api.ProbeResult;
import io.tuneline.contracts.api.WiringStatus;
import io.tuneline.common.wiring.WiringCheck;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the last wiring round trip (Kafka and S3) passed. While it fails, each probe past the retry interval
 * starts a new check in the background, so the answer turns UP by itself when the outage ends.
 */
@Readiness
@ApplicationScoped
public class WiringHealthCheck implements HealthCheck {

    private final WiringCheck wiring;

    WiringHealthCheck(WiringCheck wiring) {
        this.wiring = wiring;
    }

    @Override
    public HealthCheckResponse call() {
        if (wiring.dueForRetry()) {
            wiring.checkInBackground();
        }
        WiringStatus status = wiring.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("wiring").status(status.allOk())
                .withData("kafka", describe(status.kafka().ok(), status.kafka().error()))
                .withData("s3", describe(status.s3().ok(), status.s3().error()));
        if (status.checkedAt() != null) {
            response.withData("checkedAt", status.checkedAt().toString());
        }
        return response.build();
    }

    private static String describe(boolean ok, String error) {
        return ok ? "ok" : error;
    }
}

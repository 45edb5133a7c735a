package io.tuneline.common.messaging;

import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;

import java.time.temporal.ChronoUnit;

/**
 * How {@link EventInbox} calls a handler: a failure other than a rejection is retried — 3 attempts, 0.5 s then 1 s
 * apart — so that a short outage of S3 does not dead-letter an event; the last failure is thrown. No time limit:
 * a handler may work for a long time (an evaluation) before it fails.
 *
 * <p>Override per deployment with SmallRye Fault Tolerance's keys, e.g.
 * {@code quarkus.fault-tolerance."io.tuneline.common.messaging.HandlerRetry/call".retry.max-retries=4} or
 * {@code ….retry.delay=50} (milliseconds), as the tests do.
 */
@ApplicationScoped
public class HandlerRetry {

    @Retry(maxRetries = 2, delay = 500, delayUnit = ChronoUnit.MILLIS, jitter = 0, maxDuration = 0,
            abortOn = RejectedEventException.class)
    @ExponentialBackoff(factor = 2)
    public void call(Runnable attempt) {
        attempt.run();
    }
}

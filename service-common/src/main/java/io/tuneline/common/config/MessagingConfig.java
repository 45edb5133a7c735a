package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the shared publisher and inbox wait and retry. */
@ConfigMapping(prefix = "tuneline.messaging")
public interface MessagingConfig {

    /**
     * How long a publish may wait for the broker's acknowledgement. Longer than the producer's
     * {@code delivery.timeout.ms} (2 minutes), so the producer's own retries decide, not this bound.
     */
    @WithDefault("PT150S")
    Duration publishTimeout();

    /**
     * How often the inbox calls a handler that fails unexpectedly (not a rejection) before it parks the event on
     * the dead-letter topic: a short outage of S3 should not dead-letter an event.
     */
    @WithDefault("3")
    int handlerAttempts();

    /** The pause before the second attempt; it doubles for each further one. */
    @WithDefault("PT0.5S")
    Duration handlerRetryDelay();
}

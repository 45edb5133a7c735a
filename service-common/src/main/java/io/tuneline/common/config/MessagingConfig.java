package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the shared publisher waits (the inbox's retries are {@code HandlerRetry} and {@code DeadLetters}). */
@ConfigMapping(prefix = "tuneline.messaging")
public interface MessagingConfig {

    /**
     * How long a publish may wait for the broker's acknowledgement. Longer than the producer's
     * {@code delivery.timeout.ms} (2 minutes), so the producer's own retries decide, not this bound.
     */
    @WithDefault("PT150S")
    Duration publishTimeout();
}

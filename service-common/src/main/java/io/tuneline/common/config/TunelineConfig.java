package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The settings every service shares. Each one can come from the environment ({@code TUNELINE_S3_ENDPOINT}, …) or a
 * mounted Secret, so the same image runs against the embedded test servers, MinIO or any S3-compatible store.
 */
@ConfigMapping(prefix = "tuneline")
public interface TunelineConfig {

    S3 s3();

    Messaging messaging();

    Wiring wiring();

    interface S3 {
        /** e.g. {@code http://minio.tuneline.svc:9000}. */
        String endpoint();

        String accessKey();

        String secretKey();

        /** Prepended to the default bucket names ({@code datasets}, {@code models}, …). */
        @WithDefault("tuneline-")
        String bucketPrefix();
    }

    interface Messaging {
        /**
         * How long a publish may wait for the broker's acknowledgement. Longer than the producer's
         * {@code delivery.timeout.ms} (2 minutes), so the producer's own retries decide, not this bound.
         */
        @WithDefault("PT150S")
        Duration publishTimeout();

        /**
         * How often the inbox calls a handler that fails unexpectedly (not a rejection) before it parks the event
         * on the dead-letter topic: a short outage of S3 should not dead-letter an event.
         */
        @WithDefault("3")
        int handlerAttempts();

        /** The pause before the second attempt; it doubles for each further one. */
        @WithDefault("PT0.5S")
        Duration handlerRetryDelay();
    }

    interface Wiring {
        /** Run the Kafka and S3 round trip right after startup (in the background). */
        @WithDefault("true")
        boolean checkOnStartup();

        /** How long a ping may take to come back from Kafka. */
        @WithDefault("PT20S")
        Duration timeout();

        /** How long after a failed check the readiness probe starts another one. */
        @WithDefault("PT5S")
        Duration retryInterval();
    }
}

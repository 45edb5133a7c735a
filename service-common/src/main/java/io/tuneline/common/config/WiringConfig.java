package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** When and how patiently the Kafka and S3 round trip runs. */
@ConfigMapping(prefix = "tuneline.wiring")
public interface WiringConfig {

    /** Run the round trip right after startup (in the background). */
    @WithDefault("true")
    boolean checkOnStartup();

    /** How long a ping may take to come back from Kafka. */
    @WithDefault("PT20S")
    Duration timeout();

    /** How long after a failed check the readiness probe starts another one. */
    @WithDefault("PT5S")
    Duration retryInterval();
}

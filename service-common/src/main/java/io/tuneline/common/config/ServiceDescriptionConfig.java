package io.tuneline.common.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** What a service says about itself on {@code GET /api/v1/status}; each service sets it in application.properties. */
@ConfigMapping(prefix = "tuneline.service")
public interface ServiceDescriptionConfig {

    /** One sentence: what the service is for. */
    @WithDefault("a Tuneline service")
    String role();

    /** What works today. */
    Optional<List<String>> capabilities();

    /** What is on its way, so people know what the skeleton will become. */
    Optional<List<String>> planned();
}

package io.tuneline.common.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code tuneline.security.*}: how callers are recognised, how fast they may call, what is audited. */
@ConfigMapping(prefix = "tuneline.security")
public interface SecurityConfig {

    enum Mode {
        /** Bearer tokens from the configured OIDC issuer (or public key); the default everywhere but loopback. */
        OIDC,
        /** No token needed: every caller is {@link #openPrincipal()} with every role. Only for a loopback stack. */
        OPEN
    }

    @WithDefault("oidc")
    Mode mode();

    /** The name audit records give the caller when the APIs run open. */
    @WithDefault("local-user")
    String openPrincipal();

    RateLimit rateLimit();

    interface RateLimit {
        /** Requests per caller and period on the inference endpoints (a token bucket refilled evenly). */
        @WithDefault("600")
        int requests();

        @WithDefault("PT1M")
        Duration period();

        /** Callers remembered at most (the least recently seen are forgotten first). */
        @WithDefault("10000")
        int maxCallers();
    }
}

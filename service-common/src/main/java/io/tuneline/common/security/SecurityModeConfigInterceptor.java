package io.tuneline.common.security;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Turns Quarkus OIDC's token verification off where there is nothing to verify against: in {@code open} mode, and
 * in {@code oidc} mode without an issuer or public key. Quarkus would refuse to start without an issuer; this way
 * {@code ./tuneline up} starts open with one variable, and an unconfigured cluster install starts and refuses
 * every API call with 401 (never open) while its probes pass and its log says what is missing.
 * Registered through {@code META-INF/services/io.smallrye.config.ConfigSourceInterceptor}.
 */
public class SecurityModeConfigInterceptor implements ConfigSourceInterceptor {

    static final String TENANT_ENABLED = "quarkus.oidc.tenant-enabled";

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        if (!TENANT_ENABLED.equals(name)) {
            return context.proceed(name);
        }
        boolean open = "open".equalsIgnoreCase(value(context, "tuneline.security.mode"));
        boolean verifiable = value(context, "quarkus.oidc.auth-server-url") != null
                || value(context, "quarkus.oidc.public-key") != null;
        if (open || !verifiable) {
            return ConfigValue.builder().withName(name).withValue("false")
                    .withConfigSourceName("tuneline.security.mode").build();
        }
        return context.proceed(name);
    }

    private static String value(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        String raw = value == null ? null : value.getValue();
        return raw == null || raw.isBlank() ? null : raw;
    }
}

package io.tuneline.common.security;

import io.tuneline.common.testing.OidcTestProfile;

import java.util.HashMap;
import java.util.Map;

/** OIDC mode with a log file the test can read back, and token-handling code logging at DEBUG. */
public class SecurityTestProfile extends OidcTestProfile {

    static final String LOG_FILE = "target/security-test.log";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(super.getConfigOverrides());
        config.put("quarkus.log.file.enabled", "true");
        config.put("quarkus.log.file.path", LOG_FILE);
        config.put("quarkus.log.file.level", "DEBUG");
        config.put("quarkus.log.category.\"io.quarkus.oidc\".level", "DEBUG");
        config.put("quarkus.log.category.\"io.quarkus.security\".level", "DEBUG");
        config.put("quarkus.log.category.\"io.tuneline\".level", "DEBUG");
        config.put("tuneline.security.rate-limit.requests", "40");
        return config;
    }
}

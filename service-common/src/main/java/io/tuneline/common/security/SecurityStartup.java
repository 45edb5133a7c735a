package io.tuneline.common.security;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.Set;

/**
 * Says at startup how callers are recognised, and refuses {@code open} mode on anything but loopback: an open API
 * reachable from the network is never what anybody meant.
 */
@Singleton
public class SecurityStartup {

    private static final Logger LOG = Logger.getLogger(SecurityStartup.class);
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "::1", "[::1]");

    void onStart(@Observes StartupEvent start, SecurityConfig security, Config config) {
        if (security.mode() == SecurityConfig.Mode.OPEN) {
            String host = config.getOptionalValue("quarkus.http.host", String.class).orElse("0.0.0.0");
            if (!LOOPBACK.contains(host)) {
                throw new IllegalStateException("tuneline.security.mode=open needs quarkus.http.host on loopback "
                        + "(127.0.0.1), not '" + host + "': an open API must not be reachable from the network");
            }
            LOG.warnf("SECURITY: the API is OPEN on %s (tuneline.security.mode=open): no token needed, every caller "
                    + "is '%s' with every role", host, security.openPrincipal());
            return;
        }
        Optional<String> issuer = config.getOptionalValue("quarkus.oidc.auth-server-url", String.class);
        Optional<String> publicKey = config.getOptionalValue("quarkus.oidc.public-key", String.class);
        String roleClaim = config.getOptionalValue("quarkus.oidc.roles.role-claim-path", String.class)
                .orElse("groups (default)");
        if (issuer.isEmpty() && publicKey.isEmpty()) {
            LOG.warn("SECURITY: no OIDC issuer configured (quarkus.oidc.auth-server-url / QUARKUS_OIDC_AUTH_SERVER_URL)"
                    + ": every API call is refused with 401; health and metrics stay reachable");
            return;
        }
        LOG.infof("SECURITY: bearer tokens from %s, roles from claim '%s'",
                issuer.orElse("the configured public key"), roleClaim);
    }
}

package io.tuneline.common.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Runs the service as a cluster would: {@code tuneline.security.mode=oidc}, trusting {@link TestTokens}' key. */
public class OidcTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "tuneline.security.mode", "oidc",
                "quarkus.oidc.public-key", TestTokens.publicKey(),
                "quarkus.oidc.token.issuer", TestTokens.ISSUER,
                // Small enough that a test sees the limit, large enough that the endpoint table never does.
                "tuneline.security.rate-limit.requests", "200");
    }
}

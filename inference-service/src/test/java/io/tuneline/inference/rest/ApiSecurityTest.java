package io.tuneline.inference.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.common.security.Role;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.OidcTestProfile;

import java.util.List;

/** Every inference-service endpoint: 401 without a token, 403 naming the role, let through with it (signed JWTs). */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class ApiSecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                post("/api/v1/generate", Role.INFERENCE),
                post("/api/v1/generate/batch", Role.INFERENCE),
                post("/api/v1/summarize", Role.INFERENCE),
                post("/api/v1/summarize/batch", Role.INFERENCE),
                get("/api/v1/models", Role.VIEWER));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(GenerationResource.class, ModelResource.class);
    }
}

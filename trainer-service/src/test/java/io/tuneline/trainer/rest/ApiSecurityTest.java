package io.tuneline.trainer.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.common.security.Role;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.OidcTestProfile;

import java.util.List;

/** Every trainer-service endpoint: 401 without a token, 403 naming the role, let through with it (signed JWTs). */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class ApiSecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                post("/api/v1/runs", Role.TRAINER),
                get("/api/v1/runs", Role.VIEWER),
                get("/api/v1/runs/{runId}", Role.VIEWER),
                post("/api/v1/runs/{runId}/cancel", Role.TRAINER),
                get("/api/v1/runs/{runId}/events", Role.VIEWER),
                get("/api/v1/base-models", Role.VIEWER),
                get("/api/v1/base-models/{name}", Role.VIEWER),
                post("/api/v1/base-models", Role.TRAINER),
                send("PUT", "/api/v1/base-models/{name}/files/{path}", Role.TRAINER, "application/octet-stream", "x"),
                get("/api/v1/retraining-policies", Role.VIEWER),
                get("/api/v1/retraining-policies/{datasetId}", Role.VIEWER),
                put("/api/v1/retraining-policies/{datasetId}", Role.TRAINER));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(RunResource.class, BaseModelResource.class, RetrainingPolicyResource.class);
    }
}

package io.tuneline.eval.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.common.security.Role;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.OidcTestProfile;

import java.util.List;

/** Every eval-service endpoint: 401 without a token, 403 naming the role, let through with it (signed JWTs). */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class ApiSecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                post("/api/v1/rouge", Role.VIEWER),
                get("/api/v1/models/{modelName}/promoted", Role.VIEWER),
                post("/api/v1/models/{modelName}/promote", Role.APPROVER),
                post("/api/v1/models/{modelName}/reject", Role.APPROVER),
                post("/api/v1/evaluations", Role.TRAINER),
                get("/api/v1/evaluations", Role.VIEWER),
                get("/api/v1/evaluations/{evaluationId}", Role.VIEWER),
                get("/api/v1/evaluations/{evaluationId}/report", Role.VIEWER),
                get("/api/v1/evaluations/{evaluationId}/chart", Role.VIEWER),
                get("/api/v1/evaluations/{evaluationId}/predictions", Role.VIEWER),
                get("/api/v1/evaluations/compare", Role.VIEWER),
                get("/api/v1/comparisons", Role.VIEWER),
                get("/api/v1/comparisons/report", Role.VIEWER));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(RougeResource.class, ModelDecisionResource.class, EvaluationResource.class,
                ComparisonResource.class);
    }
}

package io.tuneline.template.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.common.security.Role;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.OidcTestProfile;

import java.util.List;

/** Every template-service endpoint: 401 without a token, 403 naming the role, let through with it (signed JWTs). */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class ApiSecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                get("/api/v1/mixtures", Role.VIEWER),
                get("/api/v1/mixtures/{name}", Role.VIEWER),
                post("/api/v1/mixtures", Role.DATA_EDITOR),
                post("/api/v1/mixtures/{name}/renders", Role.DATA_EDITOR),
                post("/api/v1/renders", Role.DATA_EDITOR),
                get("/api/v1/renders/{datasetId}/{versionId}", Role.VIEWER),
                get("/api/v1/renders/{datasetId}/{versionId}/{renderId}", Role.VIEWER),
                get("/api/v1/renders/{datasetId}/{versionId}/{renderId}/splits/{split}/prompts", Role.VIEWER),
                get("/api/v1/tasks", Role.VIEWER),
                get("/api/v1/tasks/{name}", Role.VIEWER),
                post("/api/v1/tasks", Role.DATA_EDITOR),
                get("/api/v1/templates", Role.VIEWER),
                get("/api/v1/templates/{id}", Role.VIEWER),
                post("/api/v1/templates", Role.DATA_EDITOR),
                delete("/api/v1/templates/{id}", Role.DATA_EDITOR),
                send("POST", "/api/v1/templates/import", Role.DATA_EDITOR, "application/yaml", "templates: {}"),
                post("/api/v1/templates/preview", Role.VIEWER));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(MixtureResource.class, RenderResource.class, TaskResource.class, TemplateResource.class);
    }
}

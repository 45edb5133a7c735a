package io.tuneline.dataset.rest;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.tuneline.common.security.Role;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.OidcTestProfile;

import java.util.List;

/** Every dataset-service endpoint: 401 without a token, 403 naming the role, let through with it (signed JWTs). */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class ApiSecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                get("/api/v1/datasets", Role.VIEWER),
                get("/api/v1/datasets/{datasetId}", Role.VIEWER),
                get("/api/v1/datasets/{datasetId}/versions", Role.VIEWER),
                get("/api/v1/datasets/{datasetId}/versions/{versionId}", Role.VIEWER),
                get("/api/v1/datasets/{datasetId}/versions/{versionId}/splits/{split}/examples", Role.VIEWER),
                send("POST", "/api/v1/datasets/{datasetId}/uploads", Role.DATA_EDITOR, "application/x-ndjson", ""),
                get("/api/v1/datasets/{datasetId}/uploads/{uploadId}", Role.VIEWER));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(DatasetResource.class, UploadResource.class);
    }
}

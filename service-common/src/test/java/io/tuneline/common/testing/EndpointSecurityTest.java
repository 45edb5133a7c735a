package io.tuneline.common.testing;

import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.tuneline.common.rest.StatusResource;
import io.tuneline.common.security.RequiredRoles;
import io.tuneline.common.security.Role;
import io.tuneline.common.wiring.WiringResource;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * The security contract every service's API keeps, checked over HTTP with signed tokens: a service's test extends
 * this with {@code @QuarkusTest @TestProfile(OidcTestProfile.class)} and lists its endpoints with the role each
 * needs. Every endpoint: no token → 401, a token without the role → 403 naming the role, the role (and admin) →
 * let through. Expired, foreign and badly signed tokens → 401. Probes need no token. The table must name every
 * resource method of the service (found by reflection), with the role its {@code @RolesAllowed} declares.
 */
public abstract class EndpointSecurityTest {

    /** One endpoint: method, path template ({@code {param}} is filled with a probe value), the role it needs. */
    protected record Endpoint(String method, String template, String role, String contentType, String body) {

        String path() {
            return template.replaceAll("\\{[^}]+}", "security-probe");
        }

        @Override
        public String toString() {
            return method + " " + template + " (" + role + ")";
        }
    }

    protected static Endpoint get(String template, String role) {
        return new Endpoint("GET", template, role, null, null);
    }

    protected static Endpoint post(String template, String role) {
        return new Endpoint("POST", template, role, "application/json", "{}");
    }

    protected static Endpoint put(String template, String role) {
        return new Endpoint("PUT", template, role, "application/json", "{}");
    }

    protected static Endpoint delete(String template, String role) {
        return new Endpoint("DELETE", template, role, null, null);
    }

    protected static Endpoint send(String method, String template, String role, String contentType, String body) {
        return new Endpoint(method, template, role, contentType, body);
    }

    /** Every endpoint of the service's own resources (service-common's are added by this class). */
    protected abstract List<Endpoint> endpoints();

    /** The service's JAX-RS resource classes; the table must cover each of their methods. */
    protected abstract List<Class<?>> resources();

    private List<Endpoint> allEndpoints() {
        List<Endpoint> all = new ArrayList<>(endpoints());
        all.add(get("/api/v1/status", Role.VIEWER));
        all.add(get("/wiring", Role.VIEWER));
        all.add(post("/wiring/check", Role.ADMIN));
        return all;
    }

    @Test
    void theTableNamesEveryEndpointWithItsDeclaredRole() {
        Set<String> declared = new TreeSet<>();
        List<Class<?>> classes = new ArrayList<>(resources());
        classes.add(StatusResource.class);
        classes.add(WiringResource.class);
        for (Class<?> resource : classes) {
            for (Method method : resource.getDeclaredMethods()) {
                String httpMethod = httpMethod(method);
                if (httpMethod == null) {
                    continue;
                }
                List<String> roles = RequiredRoles.of(method, resource);
                assertThat(roles).as("@RolesAllowed on %s.%s", resource.getSimpleName(), method.getName())
                        .hasSize(1);
                declared.add(httpMethod + " " + template(resource, method) + " (" + roles.get(0) + ")");
            }
        }
        Set<String> table = new TreeSet<>();
        allEndpoints().forEach(endpoint -> table.add(endpoint.toString()));
        assertThat(table).isEqualTo(declared);
    }

    @Test
    void withoutATokenEveryEndpointIs401() {
        for (Endpoint endpoint : allEndpoints()) {
            Response response = call(endpoint, null);
            assertThat(response.statusCode()).as("%s without a token", endpoint).isEqualTo(401);
            assertThat(response.jsonPath().getString("error")).as("%s", endpoint).isEqualTo("unauthenticated");
            assertThat(response.header("WWW-Authenticate")).as("%s", endpoint).startsWith("Bearer");
        }
    }

    @Test
    void aTokenWithoutTheRoleIs403NamingTheRole() {
        for (Endpoint endpoint : allEndpoints()) {
            String otherRole = Role.ALL.stream()
                    .filter(role -> !role.equals(endpoint.role()) && !role.equals(Role.ADMIN))
                    .findFirst().orElseThrow();
            Response response = call(endpoint, TestTokens.token("mallory", otherRole));
            assertThat(response.statusCode()).as("%s with role %s", endpoint, otherRole).isEqualTo(403);
            assertThat(response.jsonPath().getString("error")).as("%s", endpoint).isEqualTo("missing-role");
            assertThat(response.jsonPath().getList("details.requiredRoles", String.class)).as("%s", endpoint)
                    .containsExactly(endpoint.role());
            assertThat(response.jsonPath().getString("message")).contains("'" + endpoint.role() + "'");
        }
    }

    @Test
    void theRightRoleAndAdminAreLetThrough() {
        for (Endpoint endpoint : allEndpoints()) {
            for (String role : new LinkedHashSet<>(List.of(endpoint.role(), Role.ADMIN))) {
                int status = call(endpoint, TestTokens.token("alice", role)).statusCode();
                assertThat(status).as("%s with role %s", endpoint, role).isNotIn(401, 403, 429);
            }
        }
    }

    @Test
    void expiredForeignAndBadlySignedTokensAre401() {
        Endpoint endpoint = get("/api/v1/status", Role.VIEWER);
        for (String token : List.of(TestTokens.expired("alice", Role.ADMIN),
                TestTokens.fromOtherIssuer("alice", Role.ADMIN), TestTokens.badlySigned("alice", Role.ADMIN),
                "not-a-jwt")) {
            Response response = call(endpoint, token);
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.jsonPath().getString("error")).isEqualTo("invalid-token");
        }
        assertThat(call(endpoint, TestTokens.token("alice", Role.VIEWER)).statusCode()).isEqualTo(200);
    }

    @Test
    void probesAndMetricsNeedNoToken() {
        given().get("/q/health/live").then().statusCode(200);
        assertThat(given().get("/q/health/ready").statusCode()).isIn(200, 503);
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void theOpenApiNamesTheBearerScheme() {
        given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.SecurityScheme.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/status'.get.security[0].SecurityScheme", hasItem(Role.VIEWER));
    }

    protected static Response call(Endpoint endpoint, String token) {
        RequestSpecification request = given()
                .config(RestAssuredConfig.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 20_000)))
                .accept("application/json, text/html, image/svg+xml, application/x-ndjson, */*;q=0.1");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (endpoint.contentType() != null) {
            // Bytes: rest-assured cannot encode text for types it does not know (x-ndjson, yaml).
            request.contentType(endpoint.contentType())
                    .body(endpoint.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.request(endpoint.method(), endpoint.path());
    }

    private static String httpMethod(Method method) {
        for (Class<? extends java.lang.annotation.Annotation> type
                : List.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class)) {
            if (method.isAnnotationPresent(type)) {
                return type.getAnnotation(HttpMethod.class).value();
            }
        }
        return null;
    }

    private static String template(Class<?> resource, Method method) {
        String base = resource.getAnnotation(Path.class).value();
        Path sub = method.getAnnotation(Path.class);
        String path = sub == null ? base : base.replaceAll("/$", "") + "/" + sub.value().replaceAll("^/", "");
        return path.replaceAll("\\{\\s*([^}:\\s]+)\\s*(:[^}]*)?}", "{$1}");
    }
}

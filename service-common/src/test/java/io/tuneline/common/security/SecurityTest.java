package io.tuneline.common.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.tuneline.common.testing.EndpointSecurityTest;
import io.tuneline.common.testing.TestTokens;
import io.tuneline.contracts.events.AuditRecorded;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * service-common's security on a probe resource, against real Kafka: the endpoint contract every service keeps
 * (inherited), audit records on Kafka and in the log, per-caller rate limits, admin implying every role, and no
 * secret in the log.
 */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class SecurityTest extends EndpointSecurityTest {

    @Override
    protected List<Endpoint> endpoints() {
        return List.of(
                get("/api/v1/probe-secured", Role.VIEWER),
                post("/api/v1/probe-secured", Role.TRAINER),
                post("/api/v1/probe-secured/infer", Role.INFERENCE));
    }

    @Override
    protected List<Class<?>> resources() {
        return List.of(ProbeSecuredResource.class);
    }

    @Test
    void stateChangingCallsAndRefusalsAreAuditedOnKafkaAndInTheLog() throws Exception {
        String alice = "alice-" + UUID.randomUUID();
        given().auth().oauth2(TestTokens.token(alice, Role.TRAINER)).contentType("application/json").body("{}")
                .post("/api/v1/probe-secured").then().statusCode(200);
        given().auth().oauth2(TestTokens.token(alice, Role.VIEWER)).contentType("application/json").body("{}")
                .post("/api/v1/probe-secured").then().statusCode(403);
        // Reads and inference calls change nothing and are not audited.
        given().auth().oauth2(TestTokens.token(alice, Role.VIEWER)).get("/api/v1/probe-secured").then().statusCode(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(auditRecords(alice))
                .extracting(AuditRecorded::action, AuditRecorded::outcome, AuditRecorded::roles)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("POST /api/v1/probe-secured", 200, List.of(Role.TRAINER)),
                        org.assertj.core.groups.Tuple.tuple("POST /api/v1/probe-secured", 403, List.of(Role.TRAINER))));
        assertThat(auditRecords(alice)).allSatisfy(record -> {
            assertThat(record.service()).isEqualTo("common-probe");
            assertThat(record.actor()).isEqualTo(alice);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log())
                .contains("audit actor=" + alice + " action=\"POST /api/v1/probe-secured\" outcome=200 roles=[trainer]"));
    }

    @Test
    void inferenceCallsAreRateLimitedPerCaller() {
        String bob = TestTokens.token("bob-" + UUID.randomUUID(), Role.INFERENCE);
        Response refused = null;
        for (int i = 0; i < 60 && refused == null; i++) {
            Response response = given().auth().oauth2(bob).contentType("application/json").body("{}")
                    .post("/api/v1/probe-secured/infer");
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(refused).as("a 429 within 60 calls at 40 per minute").isNotNull();
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(refused.jsonPath().getString("error")).isEqualTo("rate-limited");
        // Another caller has a bucket of its own.
        given().auth().oauth2(TestTokens.token("carol-" + UUID.randomUUID(), Role.INFERENCE))
                .contentType("application/json").body("{}").post("/api/v1/probe-secured/infer").then().statusCode(200);
        // Other endpoints are not rate limited.
        given().auth().oauth2(TestTokens.token("bob", Role.VIEWER)).get("/api/v1/probe-secured").then().statusCode(200);
    }

    @Test
    void rolesComeFromTheGroupsClaimAndAdminImpliesEveryRole() {
        // Without quarkus.oidc.roles.role-claim-path, Quarkus reads "groups", then Keycloak's "realm_access/roles".
        given().auth().oauth2(TestTokens.withClaims("dave", Map.of("realm_access", Map.of("roles", List.of("trainer")))))
                .contentType("application/json").body("{}").post("/api/v1/probe-secured").then().statusCode(200);
        given().auth().oauth2(TestTokens.withClaims("dave", Map.of("roles", List.of("trainer"))))
                .contentType("application/json").body("{}").post("/api/v1/probe-secured").then().statusCode(403);
        for (String path : List.of("/api/v1/probe-secured", "/api/v1/probe-secured/infer")) {
            given().auth().oauth2(TestTokens.token("root", Role.ADMIN)).contentType("application/json").body("{}")
                    .post(path).then().statusCode(200);
        }
    }

    @Test
    void noSecretOrTokenAppearsInTheLog() throws Exception {
        String token = TestTokens.token("erin", Role.TRAINER);
        String badToken = TestTokens.badlySigned("erin", Role.TRAINER);
        given().auth().oauth2(token).contentType("application/json").body("{}").post("/api/v1/probe-secured")
                .then().statusCode(200);
        given().auth().oauth2(badToken).get("/api/v1/probe-secured").then().statusCode(401);
        given().auth().oauth2(TestTokens.expired("erin", Role.VIEWER)).get("/api/v1/probe-secured").then()
                .statusCode(401);
        String s3Secret = ConfigProvider.getConfig().getValue("tuneline.s3.secret-key", String.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log()).contains("audit actor=erin"));
        String log = log();
        assertThat(log).contains("SECURITY: bearer tokens from the configured public key");
        // "eyJ" starts every JWT ({"alg"... in base64url): no token of any test in this app reached the log.
        assertThat(log).doesNotContain("eyJ", s3Secret, token, badToken, signature(token), signature(badToken),
                System.getProperty("tuneline.test.token-private-key").substring(0, 40));
    }

    private static String signature(String jwt) {
        return jwt.substring(jwt.lastIndexOf('.') + 1);
    }

    private static String log() throws Exception {
        return Files.readString(Path.of(SecurityTestProfile.LOG_FILE));
    }

    private static List<AuditRecorded> auditRecords(String actor) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "audit-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topic.AUDIT.topicName()));
            List<AuditRecorded> records = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 3000;
            while (System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    AuditRecorded audit = EventCodec.decode(new String(record.value(), StandardCharsets.UTF_8),
                            AuditRecorded.class).payload();
                    if (audit.actor().equals(actor)) {
                        records.add(audit);
                    }
                });
            }
            return records;
        }
    }
}

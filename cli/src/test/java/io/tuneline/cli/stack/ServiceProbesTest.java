package io.tuneline.cli.stack;

import io.tuneline.contracts.api.WiringStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HealthWaiter} and {@link WiringProbe} against fake services, with a dummy JVM standing in for each process. */
class ServiceProbesTest {

    private static final String WIRING_OK = """
            {"service":"dataset-service","checkedAt":"2026-11-27T00:40:00Z",
             "kafka":{"ok":true,"latencyMs":35,"error":null},"s3":{"ok":true,"latencyMs":12,"error":null}}""";
    private static final String WIRING_S3_FAILED = """
            {"service":"eval-service","checkedAt":"2026-11-27T00:40:00Z",
             "kafka":{"ok":true,"latencyMs":40,"error":null},
             "s3":{"ok":false,"latencyMs":3,"error":"ErrorResponseException: NoSuchBucket"}}""";

    @TempDir
    static Path dir;

    private static ManagedProcess alive;
    private static ManagedProcess exited;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startDummies() {
        alive = ManagedProcess.start("alive", DummyChildMain.command("ready"), Map.of(), dir, dir.resolve("alive.log"));
        exited = ManagedProcess.start("exited", DummyChildMain.command("fail"), Map.of(), dir, dir.resolve("exited.log"));
        alive.awaitReady(Duration.ofSeconds(60));
        exited.processTree().forEach(handle -> handle.onExit().join());
    }

    @AfterAll
    static void stopDummies() {
        alive.stop(Duration.ofSeconds(30));
    }

    @Test
    void reportsEachServiceAsSoonAsItIsReadyOrHasExited() throws Exception {
        try (FakeServiceServer slow = new FakeServiceServer(List.of(new FakeServiceServer.Answer(503, "{\"status\":\"DOWN\"}"),
                new FakeServiceServer.Answer(503, "{\"status\":\"DOWN\"}"), new FakeServiceServer.Answer(200, "{\"status\":\"UP\"}")), WIRING_OK)) {
            RunningService dataset = new RunningService(Service.DATASET, slow.port(), alive);
            RunningService trainer = new RunningService(Service.TRAINER, LoopbackPort.pickFree(), exited);
            List<String> settled = new ArrayList<>();

            Map<RunningService, Health> health = new HealthWaiter(http).awaitReady(List.of(dataset, trainer),
                    Duration.ofSeconds(120), (service, outcome) -> settled.add(service.name() + " " + outcome.state()));

            assertThat(health.get(dataset).state()).isEqualTo(Health.State.UP);
            assertThat(health.get(trainer).state()).isEqualTo(Health.State.EXITED);
            assertThat(health.get(trainer).detail()).isEqualTo("exited with code 3 before it was ready");
            assertThat(slow.requests()).containsOnly("GET " + HealthWaiter.READINESS_PATH).hasSize(3);
            assertThat(settled).containsExactlyInAnyOrder("dataset-service UP", "trainer-service EXITED");
        }
    }

    @Test
    void givesUpOnAServiceThatNeverGetsReadyAndSaysWhatItLastAnswered() throws Exception {
        try (FakeServiceServer neverReady = new FakeServiceServer(List.of(), WIRING_OK)) {
            RunningService template = new RunningService(Service.TEMPLATE, neverReady.port(), alive);

            Map<RunningService, Health> health = new HealthWaiter(http).awaitReady(List.of(template),
                    Duration.ofSeconds(2), (service, outcome) -> { });

            assertThat(health.get(template).state()).isEqualTo(Health.State.DOWN);
            assertThat(health.get(template).detail()).contains("not ready after 2 s", "HTTP 503", "DOWN");
        }
    }

    @Test
    void runsAFreshWiringCheckThenReadsTheResult() throws Exception {
        try (FakeServiceServer service = new FakeServiceServer(List.of(), WIRING_OK)) {
            WiringStatus wiring = new WiringProbe(http).check(new RunningService(Service.DATASET, service.port(), alive));

            assertThat(wiring.allOk()).isTrue();
            assertThat(wiring.kafka().summary()).isEqualTo("ok 35 ms");
            assertThat(wiring.s3().summary()).isEqualTo("ok 12 ms");
            assertThat(service.requests()).containsExactly("POST " + WiringProbe.CHECK_PATH, "GET " + WiringProbe.STATUS_PATH);
        }
    }

    @Test
    void keepsTheErrorOfAFailedRoundTrip() throws Exception {
        WiringStatus wiring = new WiringProbe(http).parse(WIRING_S3_FAILED);

        assertThat(wiring.allOk()).isFalse();
        assertThat(wiring.kafka().ok()).isTrue();
        assertThat(wiring.s3().summary()).isEqualTo("FAILED");
        assertThat(wiring.s3().error()).isEqualTo("ErrorResponseException: NoSuchBucket");
    }

    @Test
    void aServiceThatDoesNotAnswerFailsBothRoundTrips() {
        WiringStatus wiring = new WiringProbe(http).check(new RunningService(Service.EVAL, LoopbackPort.pickFree(), alive));

        assertThat(wiring.kafka().ok()).isFalse();
        assertThat(wiring.s3().ok()).isFalse();
        assertThat(wiring.kafka().error()).contains("ConnectException");
    }
}

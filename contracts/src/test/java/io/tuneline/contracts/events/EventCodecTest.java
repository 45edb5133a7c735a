package io.tuneline.contracts.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final ObjectRef REF = new ObjectRef("tuneline-datasets", "d/versions/v1/manifest.json");

    static List<EventPayload> oneOfEach() {
        return List.of(
                new SupportChatReceived("chat-1", "#Person1#: hi", "A greets.", "greeting", Map.of("customer", "c9")),
                new DatasetVersionCreated("support", "v2", "v1", REF, Map.of("train", REF), Map.of("train", 8L), "upload"),
                new PromptsRendered("support", "v2", "r1", "support-70", Map.of("train", REF), Map.of("train", 8L), 6,
                        "6 of 8 examples (75.0 %) were truncated"),
                new TrainingProgress("run-1", 10, 100, 0, 1.25, 1.5, 1e-4, 900.5, 120, 0.75),
                new TrainingCompleted("run-1", "support-summarizer", "flan-t5-small", REF, "full", "support", "v2", "r-1",
                        REF, REF, 100, 0.8, Map.of("test", REF), Map.of("best_validation_loss", 0.9)),
                new TrainingFailed("run-1", "out-of-memory", "CUDA out of memory", null),
                new EvaluationCompleted("e1", "run-1", REF, Map.of("rougeL", 0.2), Map.of("rougeL", 0.3),
                        Map.of("general.rougeL", -0.01), true, REF),
                new ModelPromoted("support-summarizer", "run-1", "e1", REF, null),
                new ModelRejected("support-summarizer", "run-2", "e2", "rougeL below base"),
                new DeadLetter("dataset-service", "tuneline.support-chats", 0, 42, "chat-1", "{", "not-json", "bad"),
                new Ping("eval-service", "n-1"),
                new AuditRecorded("eval-service", "alice", "POST /api/v1/models/m/promote", 200, List.of("approver"),
                        "evaluation e1"));
    }

    @Test
    void everyPayloadTypeRoundTripsThroughItsTopic() {
        List<EventPayload> payloads = oneOfEach();
        assertThat(payloads).extracting(p -> EventType.of(p)).containsExactlyInAnyOrder(EventType.values());
        for (EventPayload payload : payloads) {
            Event<EventPayload> event = Event.of("test", payload);
            Event<? extends EventPayload> read = EventCodec.decode(EventCodec.encode(event));
            assertThat(read).isEqualTo(event);
            assertThat(read.key()).isEqualTo(payload.key()).isNotBlank();
        }
    }

    @Test
    void unknownFieldsAreIgnoredEverywhere() {
        String json = """
                {"schemaVersion":1,"type":"ping","eventId":"e","occurredAt":"2026-01-01T00:00:00Z",
                 "source":"s","addedLater":{"x":1},"payload":{"service":"a","nonce":"n","alsoNew":true}}""";
        Event<Ping> event = EventCodec.decode(json, Ping.class);
        assertThat(event.payload()).isEqualTo(new Ping("a", "n"));
    }

    @Test
    void progressFromAWorkerWithoutGeneralValidationReadsWithoutIt() {
        String json = """
                {"schemaVersion":1,"type":"training.progress","eventId":"e","occurredAt":"2026-01-01T00:00:00Z",
                 "source":"s","payload":{"runId":"r","step":5,"totalSteps":10,"epoch":0,"loss":1.0,
                 "validationLoss":1.5,"learningRate":1e-4,"tokensPerSecond":10.0,"etaSeconds":3}}""";
        assertThat(EventCodec.decode(json, TrainingProgress.class).payload())
                .isEqualTo(new TrainingProgress("r", 5, 10, 0, 1.0, 1.5, 1e-4, 10.0, 3));
    }

    @Test
    void malformedRecordsAreRejectedWithAMachineReadableReason() {
        assertCode("{not json", EventCodec.ERROR_NOT_JSON);
        assertCode("[1,2]", EventCodec.ERROR_NOT_JSON);
        assertCode("{\"type\":\"ping\",\"payload\":{}}", EventCodec.ERROR_MISSING_FIELD);
        assertCode("{\"schemaVersion\":2,\"type\":\"ping\",\"payload\":{\"service\":\"a\"}}",
                EventCodec.ERROR_UNSUPPORTED_VERSION);
        assertCode("{\"schemaVersion\":1,\"type\":\"pong\",\"payload\":{\"service\":\"a\"}}", EventCodec.ERROR_UNKNOWN_TYPE);
        assertCode("{\"schemaVersion\":1,\"type\":\"ping\",\"payload\":{\"nonce\":\"n\"}}", EventCodec.ERROR_MISSING_FIELD);
        assertCode("{\"schemaVersion\":1,\"type\":\"training.progress\",\"payload\":{\"runId\":\"r\",\"step\":\"many\"}}",
                EventCodec.ERROR_INVALID_PAYLOAD);
        assertThatThrownBy(() -> EventCodec.decode(new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}))
                .isInstanceOfSatisfying(MalformedEventException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(EventCodec.ERROR_NOT_UTF8));
    }

    @Test
    void aConsumerRefusesEventsOfAnotherType() {
        String json = EventCodec.encode(Event.of("t", new Ping("a", "n")));
        assertThatThrownBy(() -> EventCodec.decode(json, TrainingProgress.class))
                .isInstanceOfSatisfying(MalformedEventException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(EventCodec.ERROR_WRONG_TYPE));
    }

    @Test
    void notJsonErrorsSayWhere() {
        assertThatThrownBy(() -> EventCodec.decode("{\n \"a\": }".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("line 2");
    }

    private static void assertCode(String json, String code) {
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOfSatisfying(MalformedEventException.class, e -> assertThat(e.errorCode()).isEqualTo(code));
    }
}

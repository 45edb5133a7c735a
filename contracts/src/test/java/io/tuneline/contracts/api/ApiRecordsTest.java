package io.tuneline.contracts.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventCodec;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contract records derive for their readers; that the services' real answers read into them is tested in
 * each service ({@code ContractAnswersTest}, {@code EvaluationOutcomeContractTest}).
 */
class ApiRecordsTest {

    private static final ObjectMapper JSON = EventCodec.mapper();
    private static final ModelVersion RUN_A = ModelVersion.full("summarizer", "run-a", "eval-a",
            "s3://tuneline-checkpoints/run-a/final/", ModelVersion.PROMOTED);

    @Test
    void aModelNameHasGivenUpLoadingOnlyWhenNothingServesNothingLoadsAndALoadFailed() {
        ServedModelStatus.LoadFailure failure = new ServedModelStatus.LoadFailure(RUN_A, "no config.json",
                Instant.parse("2026-12-05T03:00:00Z"));

        assertThat(status(null, null, failure).gaveUpLoading()).isTrue();
        assertThat(status(RUN_A, null, failure).gaveUpLoading()).as("still serving the previous model").isFalse();
        assertThat(status(null, RUN_A, failure).gaveUpLoading()).as("trying again").isFalse();
        assertThat(status(null, null, null).gaveUpLoading()).as("not loaded yet").isFalse();
    }

    @Test
    void derivedValuesAreNotWrittenToTheWire() throws Exception {
        String wire = JSON.writeValueAsString(status(null, null, null));
        assertThat(JSON.readTree(wire).has("gaveUpLoading")).isFalse();

        EvaluationOutcome<Object, Object> outcome = new EvaluationOutcome<>("e", "COMPLETED", "r", "m", "full",
                List.of(), List.of(), new EvaluationOutcome.GateVerdict(false, List.of("a", "b")), "REJECTED", null,
                null);
        assertThat(JSON.readTree(JSON.writeValueAsString(outcome)).has("reason")).isFalse();
        assertThat(JSON.readTree(JSON.writeValueAsString(outcome)).path("gate").has("summary")).isFalse();
    }

    @Test
    void theDecisionsReasonIsPreferredAndTheGatesReasonsAreTheFallback() throws Exception {
        String answer = "{\"evaluationId\":\"e-1\",\"status\":\"COMPLETED\",\"models\":[{\"role\":\"base\"}],"
                + "\"systems\":[{\"name\":\"base\"}],\"gate\":{\"promote\":false,\"reasons\":[\"ROUGE-L +0.2\","
                + "\"sentiment −40 %\"]},\"decision\":\"PENDING\",\"decisionReason\":null}";

        EvaluationOutcome<Map<String, Object>, Map<String, Object>> outcome = JSON.readValue(answer,
                new TypeReference<>() { });

        assertThat(outcome.systems()).singleElement().satisfies(s -> assertThat(s).containsEntry("name", "base"));
        assertThat(outcome.forgetting()).isEmpty();
        assertThat(outcome.reason()).isEqualTo("ROUGE-L +0.2; sentiment −40 %");
        EvaluationOutcome<Object, Object> decided = new EvaluationOutcome<>("e", "COMPLETED", "r", "m", "full",
                null, null, outcome.gate(), "PROMOTED", "promoted by hand", null);
        assertThat(decided.reason()).isEqualTo("promoted by hand");
    }

    private static ServedModelStatus status(ModelVersion serving, ModelVersion loading,
                                            ServedModelStatus.LoadFailure failure) {
        return new ServedModelStatus("summarizer", serving, loading, failure, 0, 8, 0, true, null, 4);
    }
}

package io.tuneline.eval.rest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.tuneline.contracts.api.EvaluationOutcome;
import io.tuneline.contracts.events.Event;
import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.eval.evaluation.Evaluation;
import io.tuneline.eval.service.EvaluationRepository;
import io.tuneline.eval.service.EvaluationService;
import io.tuneline.eval.testing.Fixtures;
import io.tuneline.eval.testing.ScriptedRunFlow;
import io.tuneline.evaluation.ForgettingResult;
import io.tuneline.evaluation.SystemResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Iterator;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * eval-service's real answer to {@code GET /api/v1/evaluations/{id}} read into {@link EvaluationOutcome}, the part of
 * it the launcher uses: every field of the record is in the answer under the same name with the same value.
 */
@QuarkusTest
class EvaluationOutcomeContractTest extends ScriptedRunFlow {

    private static final ObjectMapper JSON = EventCodec.mapper();

    @Inject
    EvaluationRepository repository;

    @Test
    void aRejectedRunsEvaluationReadsIntoEvaluationOutcome() throws Exception {
        String modelName = "contract-" + suffix;
        // right on every chat, but 4 of the 10 reviews get the wrong sentiment: the gate rejects it for forgetting
        TrainingCompleted run = run(modelName, "contract-" + suffix, "full", row -> "The customer has a problem.",
                Fixtures.Row::completion, row -> row.exampleId().compareTo("review-4") < 0
                        ? Fixtures.flipSentiment(row.completion()) : row.completion(), Map.of("train_loss", 0.4));
        publisher.publish(Event.of("trainer-service", run));
        awaitHandled(run.runId());
        String evaluationId = EvaluationService.evaluationIdForRun(run.runId());

        String answer = given().get("/api/v1/evaluations/" + evaluationId).then().statusCode(200).extract().asString();
        EvaluationOutcome<SystemResult, ForgettingResult> outcome = JSON.readValue(answer, new TypeReference<>() { });

        Evaluation stored = repository.find(evaluationId).orElseThrow();
        assertThat(outcome.evaluationId()).isEqualTo(evaluationId);
        assertThat(outcome.runId()).isEqualTo(run.runId());
        assertThat(outcome.modelName()).isEqualTo(modelName);
        assertThat(outcome.status()).isEqualTo("COMPLETED");
        assertThat(outcome.decision()).isEqualTo("REJECTED");
        assertThat(outcome.systems()).isEqualTo(stored.systems());
        assertThat(outcome.systems()).extracting(SystemResult::name).contains("base", "candidate");
        assertThat(outcome.forgetting()).isEqualTo(stored.forgetting());
        assertThat(outcome.gate().promote()).isFalse();
        assertThat(outcome.gate().reasons()).isEqualTo(stored.gate().reasons());
        assertThat(outcome.gate().summary()).isEqualTo(stored.gate().summary())
                .contains("sentiment accuracy \u221240 % [\u221270 %, \u221210 %] forgotten")
                .endsWith("exceeds the 5 % suite tolerance");
        assertThat(outcome.reason()).isEqualTo(stored.decisionReason()).isNotBlank();

        JsonNode wire = JSON.readTree(answer);
        JsonNode read = JSON.valueToTree(outcome);
        for (Iterator<String> fields = read.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            assertThat(wire.has(field)).as("the answer has '%s'", field).isTrue();
            assertThat(read.get(field)).as(field).isEqualTo(wire.get(field));
        }
    }
}

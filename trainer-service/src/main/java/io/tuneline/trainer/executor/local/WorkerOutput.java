package io.tuneline.trainer.executor.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventPayload;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.events.TrainingCompleted;
import io.tuneline.contracts.events.TrainingFailed;
import io.tuneline.contracts.events.TrainingProgress;
import io.tuneline.trainer.run.S3Uri;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * trainer-worker's JSON-lines protocol ({@code --progress jsonl}, see trainer-worker/README.md): one object per
 * stdout line with {@code event} = {@code started}, {@code progress}, {@code checkpoint}, {@code completed} or
 * {@code failed}. {@code progress}, {@code completed} and {@code failed} become the platform's events; the others
 * and any line that is not such an object are log output.
 */
public final class WorkerOutput {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerOutput() {
    }

    public static Optional<EventPayload> parse(String line) {
        String trimmed = line.strip();
        if (!trimmed.startsWith("{")) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(trimmed);
        } catch (IOException e) {
            return Optional.empty();
        }
        String runId = json.path("runId").asText(null);
        if (runId == null) {
            return Optional.empty();
        }
        return switch (json.path("event").asText("")) {
            case "progress" -> Optional.of(new TrainingProgress(runId, json.path("step").asLong(),
                    json.path("totalSteps").asLong(), json.path("epoch").asInt(), json.path("loss").asDouble(),
                    json.hasNonNull("validationLoss") ? json.get("validationLoss").asDouble() : null,
                    json.path("learningRate").asDouble(), json.path("tokensPerSecond").asDouble(),
                    json.path("etaSeconds").asLong(-1),
                    json.hasNonNull("generalValidationLoss") ? json.get("generalValidationLoss").asDouble() : null));
            case "completed" -> Optional.of(new TrainingCompleted(runId, null, null, null, null, null, null, null,
                    ref(json, "bestCheckpoint"), ref(json, "lastCheckpoint"), json.path("steps").asLong(),
                    json.path("finalLoss").asDouble(Double.NaN), Map.of(), metrics(json.path("metrics"))));
            case "failed" -> Optional.of(new TrainingFailed(runId, json.path("errorCode").asText("internal"),
                    json.path("reason").asText(""), ref(json, "lastCheckpoint")));
            default -> Optional.empty();
        };
    }

    private static ObjectRef ref(JsonNode json, String field) {
        return S3Uri.parse(json.path(field).asText(null)).orElse(null);
    }

    private static Map<String, Double> metrics(JsonNode metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        metrics.fields().forEachRemaining(entry -> {
            if (entry.getValue().isNumber()) {
                values.put(entry.getKey(), entry.getValue().asDouble());
            }
        });
        return values;
    }
}

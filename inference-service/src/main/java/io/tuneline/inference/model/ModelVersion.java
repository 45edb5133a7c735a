package io.tuneline.inference.model;

/**
 * Which checkpoint answers for a model name: what every response names.
 *
 * @param modelName    the served name
 * @param runId        the training run that produced it (null for a fallback)
 * @param evaluationId the evaluation that promoted it (null for a fallback)
 * @param checkpoint   where it was loaded from ({@code s3://…} or a local folder)
 * @param source       {@code promoted} or {@code fallback}
 */
public record ModelVersion(String modelName, String runId, String evaluationId, String checkpoint, String source) {

    public static final String PROMOTED = "promoted";
    public static final String FALLBACK = "fallback";

    /** A short label for logs and the version gauge. */
    public String label() {
        return (runId == null ? source : runId) + " " + checkpoint;
    }
}

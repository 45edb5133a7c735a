package io.tuneline.contracts.api;

/**
 * Which checkpoint answers for a model name: what every response names.
 *
 * @param modelName    the served name
 * @param runId        the training run that produced it (null for a fallback or a named adapter)
 * @param evaluationId the evaluation that promoted it (null unless promoted)
 * @param checkpoint   where it was loaded from ({@code s3://…} or a local folder): a model folder, or the PEFT folder
 *                     of a LoRA adapter
 * @param source       {@code promoted}, {@code fallback} or {@code adapter} (chosen by the request)
 * @param baseModel    the weights it runs on: {@code checkpoint} itself for a full model, the base of an adapter
 * @param adapter      the LoRA adapter applied on {@code baseModel} (its name: a run id or a named adapter), or null
 */
public record ModelVersion(String modelName, String runId, String evaluationId, String checkpoint, String source,
                           String baseModel, String adapter) {

    public static final String PROMOTED = "promoted";
    public static final String FALLBACK = "fallback";
    public static final String ADAPTER = "adapter";

    /** A full model: its own base, no adapter. */
    public static ModelVersion full(String modelName, String runId, String evaluationId, String checkpoint,
                                    String source) {
        return new ModelVersion(modelName, runId, evaluationId, checkpoint, source, checkpoint, null);
    }

    /** A short label for logs and the version gauge. */
    public String label() {
        String what = (runId == null ? source : runId) + " " + checkpoint;
        return adapter == null ? what : what + " on " + baseModel;
    }
}

package io.tuneline.contracts.storage;

import io.tuneline.contracts.events.ObjectRef;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where everything lives in object storage — the one place that knows bucket names and key shapes.
 * <pre>
 * datasets     {datasetId}/versions/{versionId}/manifest.json
 *              {datasetId}/versions/{versionId}/{split}.jsonl          split = train | validation | test
 *              {datasetId}/uploads/{uploadId}/report.json              per-upload validation report
 *              {datasetId}/pending/{pendingId}.json                    stream example not yet in a version
 *              {datasetId}/versions/{versionId}/segments/{split}.jsonl  the examples a version added (immutable;
 *                                                                      later manifests list it again)
 * prompts      {datasetId}/{versionId}/{renderId}/manifest.json
 *              {datasetId}/{versionId}/{renderId}/{split}.jsonl        prompt, completion, task, templateId, exampleId
 *              _library/{collection}/{id}.json                         custom templates, tasks, mixtures
 *              {datasetId}/_segments/{renderKey}/{segment}.jsonl       prompts of one dataset segment, reused
 *              {datasetId}/_segments/{renderKey}/{segment}.summary.json  by later renders with the same settings
 * models       {modelName}/                                            base checkpoints, Hugging Face layout
 * checkpoints  {runId}/run.json                                         the run: spec, state, metric history
 *              {runId}/step-{step}/                                    Hugging Face layout + trainer_state/ to resume
 *              {runId}/final/                                          the run's result, Hugging Face layout
 *              {runId}/best.json, result.json                          the worker's best-checkpoint marker and outcome
 * models       _registry/{modelName}.json                              registered base model: where, config summary
 *              _adapters/{adapterName}/                                a named LoRA adapter, PEFT's folder format
 * checkpoints  {runId}/spec.json                                       the spec the run's worker reads
 *              _retraining/{policies,state}/{datasetId}.json           retraining policy and its last run
 * datasets     {datasetId}/pending/{batchId}.json                      stream chats of one consumed batch, JSON Lines
 *              {datasetId}/versions/{versionId}/segments/{split}.jsonl.gz  a segment, gzip-compressed
 *              _retraining/triggers/{key}.json                         (render, spec) pairs that started a run
 * evaluations  {evaluationId}/evaluation.json, report.html, predictions.jsonl, chart.svg
 *              _promoted/{modelName}.json                              the currently promoted model of a name
 * </pre>
 * Every model folder holds exactly what Hugging Face expects: {@link #HF_MODEL_FILES}.
 */
public record StorageLayout(String datasets, String prompts, String models, String checkpoints, String evaluations) {

    public static final String CONFIG_JSON = "config.json";
    public static final String MODEL_SAFETENSORS = "model.safetensors";
    public static final String SAFETENSORS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER_JSON = "tokenizer.json";
    public static final String GENERATION_CONFIG_JSON = "generation_config.json";
    public static final List<String> HF_MODEL_FILES =
            List.of(CONFIG_JSON, MODEL_SAFETENSORS, TOKENIZER_JSON, GENERATION_CONFIG_JSON);

    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    public StorageLayout {
        for (String bucket : List.of(datasets, prompts, models, checkpoints, evaluations)) {
            if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("not a valid S3 bucket name: " + bucket);
            }
        }
    }

    /** The default bucket names; a deployment may prefix them (e.g. per tenant). */
    public static StorageLayout withPrefix(String prefix) {
        return new StorageLayout(prefix + "datasets", prefix + "prompts", prefix + "models", prefix + "checkpoints",
                prefix + "evaluations");
    }

    public static StorageLayout defaults() {
        return withPrefix("tuneline-");
    }

    public List<String> allBuckets() {
        return List.of(datasets, prompts, models, checkpoints, evaluations);
    }

    public ObjectRef datasetManifest(String datasetId, String versionId) {
        return new ObjectRef(datasets, datasetVersionPrefix(datasetId, versionId) + "manifest.json");
    }

    public ObjectRef datasetSplit(String datasetId, String versionId, String split) {
        return new ObjectRef(datasets, datasetVersionPrefix(datasetId, versionId) + id(split) + ".jsonl");
    }

    public String datasetVersionPrefix(String datasetId, String versionId) {
        return id(datasetId) + "/versions/" + id(versionId) + "/";
    }

    public String datasetVersionsPrefix(String datasetId) {
        return id(datasetId) + "/versions/";
    }

    public ObjectRef uploadReport(String datasetId, String uploadId) {
        return new ObjectRef(datasets, id(datasetId) + "/uploads/" + id(uploadId) + "/report.json");
    }

    /** A stream example accepted but not yet cut into a version; one object per source record id. */
    public ObjectRef datasetPendingExample(String datasetId, String pendingId) {
        return new ObjectRef(datasets, datasetPendingPrefix(datasetId) + id(pendingId) + ".json");
    }

    public String datasetPendingPrefix(String datasetId) {
        return id(datasetId) + "/pending/";
    }

    public ObjectRef promptsManifest(String datasetId, String versionId, String renderId) {
        return new ObjectRef(prompts, renderPrefix(datasetId, versionId, renderId) + "manifest.json");
    }

    public ObjectRef promptsSplit(String datasetId, String versionId, String renderId, String split) {
        return new ObjectRef(prompts, renderPrefix(datasetId, versionId, renderId) + id(split) + ".jsonl");
    }

    public String renderPrefix(String datasetId, String versionId, String renderId) {
        return id(datasetId) + "/" + id(versionId) + "/" + id(renderId) + "/";
    }

    /**
     * The template service's own entries (custom {@code templates}, {@code tasks}, {@code mixtures}); the leading
     * underscore keeps them apart from dataset ids, which start with a letter or digit.
     */
    public ObjectRef promptsLibraryEntry(String collection, String id) {
        return new ObjectRef(prompts, promptsLibraryPrefix(collection) + id(id) + ".json");
    }

    public String promptsLibraryPrefix(String collection) {
        return "_library/" + id(collection) + "/";
    }

    public ObjectRef baseModel(String modelName) {
        return new ObjectRef(models, id(modelName) + "/");
    }

    public ObjectRef checkpoint(String runId, long step) {
        return new ObjectRef(checkpoints, id(runId) + "/step-" + step + "/");
    }

    public ObjectRef finalCheckpoint(String runId) {
        return new ObjectRef(checkpoints, id(runId) + "/final/");
    }

    /** The run record trainer-service keeps: spec, state, reasons, metric history. */
    public ObjectRef trainingRun(String runId) {
        return new ObjectRef(checkpoints, id(runId) + "/run.json");
    }

    public String runPrefix(String runId) {
        return id(runId) + "/";
    }

    /** A registered base model's entry: where its Hugging Face folder is and a summary of its config. */
    public ObjectRef baseModelRegistration(String modelName) {
        return new ObjectRef(models, "_registry/" + id(modelName) + ".json");
    }

    public String baseModelRegistryPrefix() {
        return "_registry/";
    }

    /** Which checkpoint currently serves {@code modelName}; written by eval-service's promotion gate. */
    public ObjectRef promotedModel(String modelName) {
        return new ObjectRef(evaluations, "_promoted/" + id(modelName) + ".json");
    }

    public String evaluationPrefix(String evaluationId) {
        return id(evaluationId) + "/";
    }

    public ObjectRef evaluationReport(String evaluationId) {
        return new ObjectRef(evaluations, id(evaluationId) + "/report.json");
    }

    public ObjectRef evaluationFile(String evaluationId, String fileName) {
        return new ObjectRef(evaluations, id(evaluationId) + "/" + id(fileName));
    }

    /** The worker's best-checkpoint marker: {@code {"step":…,"checkpoint":"step-40/","validationLoss":…}}. */
    public ObjectRef bestCheckpoint(String runId) {
        return new ObjectRef(checkpoints, id(runId) + "/best.json");
    }

    /** The worker's outcome of a finished run (completed or failed), written last. */
    public ObjectRef trainingResult(String runId) {
        return new ObjectRef(checkpoints, id(runId) + "/result.json");
    }

    /** The spec a run's worker reads ({@code --spec s3://…}): registered base model already resolved. */
    public ObjectRef runSpec(String runId) {
        return new ObjectRef(checkpoints, id(runId) + "/spec.json");
    }

    /** trainer-service's event-driven retraining policy of one dataset. */
    public ObjectRef retrainingPolicy(String datasetId) {
        return new ObjectRef(checkpoints, "_retraining/policies/" + id(datasetId) + ".json");
    }

    public String retrainingPoliciesPrefix() {
        return "_retraining/policies/";
    }

    /** When the last policy-started run of a dataset began and how many training examples it saw. */
    public ObjectRef retrainingState(String datasetId) {
        return new ObjectRef(checkpoints, "_retraining/state/" + id(datasetId) + ".json");
    }

    /** Idempotency record: a (render, spec) pair that already started a run; key is a hash of both. */
    public ObjectRef retrainingTrigger(String triggerKey) {
        return new ObjectRef(checkpoints, "_retraining/triggers/" + id(triggerKey) + ".json");
    }

    /** Every render of one dataset version lives below this prefix of the prompts bucket. */
    public String rendersOfVersionPrefix(String datasetId, String versionId) {
        return id(datasetId) + "/" + id(versionId) + "/";
    }

    /**
     * A named LoRA adapter in PEFT's folder format ({@code adapter_config.json}, {@code adapter_model.safetensors}),
     * e.g. one trained elsewhere, that inference-service applies per request on top of a served base model; a LoRA
     * run's own adapter is its {@link #finalCheckpoint(String)}.
     */
    public ObjectRef adapter(String adapterName) {
        return new ObjectRef(models, "_adapters/" + id(adapterName) + "/");
    }

    /**
     * The examples one version added to a split: an immutable segment that every later version's manifest lists
     * again after its parent's segments, so a version stores only what it adds.
     */
    public ObjectRef datasetSegment(String datasetId, String versionId, String split) {
        return new ObjectRef(datasets, datasetVersionPrefix(datasetId, versionId) + "segments/" + id(split)
                + ".jsonl");
    }

    /**
     * The rendered prompts of one dataset segment under one set of render settings ({@code renderKey}: task,
     * templates, seed, input limit, tokenizer), kept so that a later version's render reuses them.
     */
    public ObjectRef promptsSegment(String datasetId, String renderKey, String segment) {
        return new ObjectRef(prompts, id(datasetId) + "/_segments/" + id(renderKey) + "/" + id(segment) + ".jsonl");
    }

    /** Its counts (a render's split summary); written after the prompts, so it exists only when they are whole. */
    public ObjectRef promptsSegmentSummary(String datasetId, String renderKey, String segment) {
        return new ObjectRef(prompts, id(datasetId) + "/_segments/" + id(renderKey) + "/" + id(segment)
                + ".summary.json");
    }

    /**
     * The support chats of one consumed batch of records, accepted but not yet cut into a version: JSON Lines, one
     * pending example per line; {@code batchId} is 32 lower-case hex characters, so the key has the shape of
     * {@link #datasetPendingExample}, whose one-chat objects read as batches of one.
     */
    public ObjectRef datasetPendingBatch(String datasetId, String batchId) {
        return new ObjectRef(datasets, datasetPendingPrefix(datasetId) + id(batchId) + ".json");
    }

    /**
     * A segment stored gzip-compressed ({@link SegmentEncoding}); the manifest's checksum, size and count of it are
     * those of the JSON Lines inside, so readers that decode it see what an uncompressed segment holds.
     */
    public ObjectRef datasetCompressedSegment(String datasetId, String versionId, String split) {
        return new ObjectRef(datasets, datasetSegment(datasetId, versionId, split).key() + SegmentEncoding.GZIP_SUFFIX);
    }

    /** Ids become path segments: refuse anything that could escape its folder or confuse a listing. */
    public static String id(String value) {
        if (value == null || !SAFE_ID.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException("not a safe id for a storage path: '" + value + "'");
        }
        return value;
    }
}

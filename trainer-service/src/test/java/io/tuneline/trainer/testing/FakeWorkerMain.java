package io.tuneline.trainer.testing;

import io.tuneline.contracts.events.EventCodec;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.storage.ObjectStore;
import io.tuneline.storage.S3Settings;
import io.tuneline.storage.StoredObject;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stands in for trainer-worker in the service's tests: the same command line and JSON-lines protocol
 * (trainer-worker/README.md), no model. It "trains" {@code maxSteps} steps ({@code -Dfake.step-ms} each), writes a
 * checkpoint folder every {@code checkpointEvery} steps and a final one to {@code --out}, and with {@code --resume}
 * continues after the newest checkpoint it finds there (or starts). A spec whose modelName is
 * {@code fail-nonfinite} reports a failure (exit 1), one named {@code refused} exits 2 as for an invalid spec.
 */
public final class FakeWorkerMain {

    private FakeWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        String specFile = arg(args, "--spec");
        String runId = arg(args, "--run-id");
        String out = arg(args, "--out");
        boolean resume = List.of(args).contains("--resume");
        RunSpec spec = EventCodec.mapper().readValue(Files.readString(Path.of(specFile)), RunSpec.class);
        long stepMillis = Long.getLong("fake.step-ms", 100);
        String bucket = out.substring("s3://".length(), out.indexOf('/', "s3://".length()));
        String prefix = out.substring(out.indexOf('/', "s3://".length()) + 1);
        try (ObjectStore store = new ObjectStore(new S3Settings(System.getenv("TUNELINE_S3_ENDPOINT"),
                System.getenv("TUNELINE_S3_ACCESS_KEY"), System.getenv("TUNELINE_S3_SECRET_KEY"), null))) {
            System.err.println("fake worker for " + runId + (resume ? " (resume)" : "")); // logs: stderr, as the worker
            if ("refused".equals(spec.modelName())) {
                System.err.println("invalid run spec: modelName: refused by the fake worker");
                System.exit(2);
            }
            if ("fail-nonfinite".equals(spec.modelName())) {
                emit(Map.of("event", "failed", "runId", runId, "errorCode", "non-finite",
                        "reason", "step 1: loss is NaN for batch [ex-1, ex-2]"));
                System.exit(1);
            }
            long start = resume ? newestCheckpoint(store, bucket, prefix) : 0;
            long total = spec.maxSteps();
            int every = spec.checkpointEvery() == null ? 0 : spec.checkpointEvery();
            for (long step = start + 1; step <= total; step++) {
                Thread.sleep(stepMillis);
                double loss = 5.0 / step;
                Map<String, Object> progress = new LinkedHashMap<>();
                progress.putAll(Map.of("event", "progress", "runId", runId, "step", step, "totalSteps", total,
                        "epoch", 0, "loss", loss, "learningRate", 3e-4, "tokensPerSecond", 1000.0,
                        "etaSeconds", (total - step) * stepMillis / 1000));
                progress.put("validationLoss", step % 2 == 0 ? loss + 0.1 : null);
                emit(progress);
                if (every > 0 && step % every == 0) {
                    store.put(bucket, prefix + "step-" + step + "/config.json", "{}".getBytes(StandardCharsets.UTF_8));
                    emit(Map.of("event", "checkpoint", "runId", runId, "step", step,
                            "location", out + "step-" + step + "/"));
                }
            }
            for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
                store.put(bucket, prefix + "final/" + file, file.getBytes(StandardCharsets.UTF_8));
            }
            emit(Map.of("event", "completed", "runId", runId, "steps", total, "finalLoss", 5.0 / total,
                    "bestCheckpoint", out + "final/", "lastCheckpoint", out + "final/",
                    "metrics", Map.of("train_loss", 5.0 / total, "resumed_from_step", start)));
        }
    }

    private static long newestCheckpoint(ObjectStore store, String bucket, String prefix) {
        long newest = 0;
        for (StoredObject object : store.list(bucket, prefix)) {
            String rest = object.key().substring(prefix.length());
            if (rest.startsWith("step-")) {
                newest = Math.max(newest, Long.parseLong(rest.substring(5, rest.indexOf('/'))));
            }
        }
        return newest;
    }

    private static void emit(Map<String, Object> line) throws Exception {
        System.out.println(EventCodec.mapper().writeValueAsString(line));
        System.out.flush();
    }

    private static String arg(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        throw new IllegalArgumentException("missing " + name);
    }
}

package io.tuneline.cli.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.worker.FineTuningRun;
import io.tuneline.worker.LazyObjectStore;
import io.tuneline.worker.RunFailedException;
import io.tuneline.worker.RunSpecReader;
import io.tuneline.worker.RunSpecReader.InvalidSpecException;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.LocalRunOutput;
import io.tuneline.worker.progress.ProgressSink;
import io.tuneline.worker.progress.TerminalProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline train}: one fine-tuning run without any service, like Hugging Face's
 * {@code run_summarization.py} — the trainer-worker in this process with a progress bar. Flags override the
 * fields of {@code --spec}; the result is {@code --out/final/}, a Hugging Face folder (a PEFT adapter folder
 * with {@code --method lora}).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Fine-tune a T5 / FLAN-T5 checkpoint on prompt/completion JSONL; the model (or with --method lora"
                + " the PEFT adapter) lands in OUT/final/.",
        footer = {"", "Exit status: 0 trained, 1 the run failed, 2 bad options or spec (every bad field is named)."})
public final class TrainCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    @Spec
    CommandSpec command;

    @Option(names = "--spec", description = "Run spec JSON (the fields trainer-service takes); flags override it.")
    Path specFile;

    @Option(names = "--base-model", description = "Hugging Face checkpoint folder (or s3://bucket/prefix/).")
    String baseModel;

    @Option(names = "--train", description = "Training prompts: JSONL with prompt and completion per line.")
    String train;

    @Option(names = "--validation", description = "Validation prompts (same format).")
    String validation;

    @Option(names = "--out", required = true, description = "Output folder: step-N/ checkpoints, final/, best.json.")
    Path out;

    @Option(names = "--max-steps", description = "Optimizer steps (takes precedence over --epochs).")
    Integer maxSteps;

    @Option(names = "--epochs", description = "Passes over the training data (default 3).")
    Integer epochs;

    @Option(names = "--learning-rate", description = "Peak learning rate (default 3e-4, 1e-3 for lora).")
    Double learningRate;

    @Option(names = "--batch-size", description = "Examples per micro-batch (default 8).")
    Integer batchSize;

    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (default 0: only the final model).")
    Integer checkpointEvery;

    @Option(names = "--eval-every",
            description = "Steps between validation losses (default 0: at checkpoints and the end).")
    Integer evalEvery;

    @Option(names = "--seed", description = "Seeds data order and dropout (default 42).")
    Long seed;

    @Option(names = "--optimizer", description = "adamw (default) or adafactor.")
    String optimizer;

    @Option(names = "--resume", description = "Continue the run in --out from its newest checkpoint.")
    boolean resume;

    @Option(names = "--method", description = "full (default: every weight trains) or lora (a PEFT LoRA adapter over the"
            + " frozen base; OUT/final/ is then an adapter folder).")
    String method;

    @Option(names = "--lora-r", description = "LoRA rank (default 8).")
    Integer loraR;

    @Option(names = "--lora-alpha", description = "LoRA alpha; the update is scaled by alpha / r (default 32).")
    Double loraAlpha;

    @Option(names = "--lora-dropout", description = "Dropout on the adapter's input (default 0.05).")
    Double loraDropout;

    @Option(names = "--lora-targets", split = ",", paramLabel = "MODULE",
            description = "Adapted projections, matched by suffix as PEFT does: q, k, v, o, wi_0, wi_1, wo"
                    + " (default q,v).")
    List<String> loraTargets;

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        RunSpec spec;
        try {
            spec = RunSpecReader.validated(RunSpecReader.parse(JSON.writeValueAsBytes(fields())));
        } catch (InvalidSpecException e) {
            e.errors().forEach(error -> err.println("invalid run spec: " + error));
            return 2;
        } catch (IOException e) {
            err.println("cannot read the run spec " + specFile + ": " + e.getMessage());
            return 2;
        }
        LocalRunOutput output = new LocalRunOutput(out);
        if (output.holdsRun() && !resume) {
            err.println(out + " already holds a run: pass --resume to continue it, or choose another --out");
            return 2;
        }
        String runId = runId();
        try (LazyObjectStore store = new LazyObjectStore();
                ProgressSink bar = TerminalProgressBar.forConsole(System.out)) {
            new FineTuningRun(runId, spec, new RunInputs(store, out.resolve(".work")), output, bar).run();
            return 0;
        } catch (RunFailedException e) {
            return 1;
        }
    }

    /** The spec file's fields with every given flag on top. */
    private ObjectNode fields() throws IOException {
        ObjectNode fields = specFile == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(specFile.toFile());
        putIfSet(fields, "baseModel", baseModel);
        putIfSet(fields, "train", train);
        putIfSet(fields, "validation", validation);
        putIfSet(fields, "maxSteps", maxSteps);
        putIfSet(fields, "epochs", epochs);
        putIfSet(fields, "learningRate", learningRate);
        putIfSet(fields, "batchSize", batchSize);
        putIfSet(fields, "checkpointEvery", checkpointEvery);
        putIfSet(fields, "evalEvery", evalEvery);
        putIfSet(fields, "seed", seed);
        putIfSet(fields, "optimizer", optimizer);
        putIfSet(fields, "method", method);
        if (loraR != null || loraAlpha != null || loraDropout != null || loraTargets != null) {
            ObjectNode lora = fields.get("lora") instanceof ObjectNode existing ? existing : fields.putObject("lora");
            putIfSet(lora, "r", loraR);
            putIfSet(lora, "alpha", loraAlpha);
            putIfSet(lora, "dropout", loraDropout);
            putIfSet(lora, "targetModules", loraTargets);
        }
        if (maxSteps != null) {
            fields.remove("epochs"); // --max-steps wins over an epochs field of the spec file
        } else if (epochs != null) {
            fields.remove("maxSteps"); // and --epochs over its maxSteps
        }
        if (!fields.hasNonNull("modelName")) {
            fields.put("modelName", runId());
        }
        return fields;
    }

    private static void putIfSet(ObjectNode fields, String name, Object value) {
        if (value != null) {
            fields.set(name, JSON.valueToTree(value));
        }
    }

    /** The output folder's name when it makes a valid id, else {@code local-run}. */
    private String runId() {
        Path name = out.toAbsolutePath().normalize().getFileName();
        return name != null && SAFE_RUN_ID.matcher(name.toString()).matches() ? name.toString() : "local-run";
    }
}

package io.tuneline.cli.model;

import io.tuneline.model.io.PeftAdapter;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.LoraAdapter;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tuneline model merge}: a LoRA adapter folded into its base, written as a plain checkpoint. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Fold a PEFT LoRA adapter into its base model (W + alpha/r * B*A) and write a plain Hugging Face "
                + "checkpoint, for tools that do not know adapters."})
public final class MergeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "The base model's Hugging Face folder.")
    Path modelDir;

    @Option(names = "--adapter", required = true, paramLabel = "DIR", description = "The PEFT adapter folder.")
    Path adapterDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the merged checkpoint goes.")
    Path outDir;

    @Override
    public Integer call() {
        try (T5ForConditionalGeneration base = T5Checkpoint.load(modelDir);
             LoraAdapter adapter = PeftAdapter.load(adapterDir, base.config())) {
            PeftAdapter.merge(base, adapter, outDir);
            System.out.printf("merged %d LoRA modules (r %d, alpha %s) into %s%n", adapter.weights().size() / 2,
                    adapter.config().r(), adapter.config().alpha(), outDir);
        }
        return 0;
    }
}

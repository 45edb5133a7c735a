package io.tuneline.cli.bench;

import io.tuneline.model.config.T5Config;
import io.tuneline.model.io.T5Checkpoint;
import io.tuneline.model.nn.T5ForConditionalGeneration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a randomly initialised checkpoint of the flan-t5-small shape (no weights can be downloaded here), so that
 * the serving benchmark measures the real shape's cost. Its text is noise, and random weights rarely produce
 * {@code </s>}, so every request runs to its {@code maxNewTokens}: a fixed, comparable amount of work.
 */
@Command(name = "random-checkpoint", mixinStandardHelpOptions = true,
        description = "Write a random flan-t5-small-shape checkpoint (with a tokenizer.json) for serving benchmarks.")
final class RandomCheckpointCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
    Path out;

    @Option(names = "--tokenizer", required = true, paramLabel = "FILE",
            description = "tokenizer.json to put beside the weights (any T5 tokenizer; ids beyond its vocabulary "
                    + "decode to nothing).")
    Path tokenizer;

    @Override
    public Integer call() throws Exception {
        try (T5ForConditionalGeneration model = T5ForConditionalGeneration.randomlyInitialized(
                T5Config.flanT5SmallShape())) {
            T5Checkpoint.save(model, out);
        }
        Files.copy(tokenizer, out.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("wrote " + out.toAbsolutePath());
        return 0;
    }
}

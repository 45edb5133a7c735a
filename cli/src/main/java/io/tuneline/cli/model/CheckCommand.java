package io.tuneline.cli.model;

import io.tuneline.model.check.GoldenCheck;
import io.tuneline.model.check.GoldenCheck.Result;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tuneline model check}: model-core's {@link GoldenCheck} as a table. Exit code 0 only when everything
 * agrees.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare a checkpoint against a golden.safetensors (Hugging Face reference outputs).")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, description = "Hugging Face T5 checkpoint folder.")
    Path modelDir;

    @Option(names = "--golden", required = true,
            description = "golden.safetensors (or generate_long.safetensors) in the fixtures' format.")
    Path goldenFile;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(goldenFile)) {
            throw new ParameterException(spec.commandLine(), "no such golden file: " + goldenFile);
        }
        List<Result> results = GoldenCheck.run(modelDir, goldenFile);
        print(results);
        return results.stream().allMatch(Result::ok) ? 0 : 1;
    }

    private void print(List<Result> results) {
        PrintWriter out = spec.commandLine().getOut();
        int keyWidth = Math.max(3, results.stream().mapToInt(r -> r.key().length()).max().orElse(3));
        String row = "%-" + keyWidth + "s  %-10s  %-22s  %-9s  %s%n";
        out.printf(row, "key", "measure", "value", "limit", "result");
        for (Result result : results) {
            out.printf(row, result.key(), result.measure(), result.value(), result.limit(),
                    result.ok() ? "ok" : "FAIL");
        }
        long failed = results.stream().filter(result -> !result.ok()).count();
        out.printf("%d checked, %d passed, %d failed%n", results.size(), results.size() - failed, failed);
        out.flush();
    }
}

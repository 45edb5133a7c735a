package io.tuneline.worker;

import io.tuneline.contracts.storage.StorageLayout;
import io.tuneline.contracts.training.RunSpec;
import io.tuneline.worker.RunSpecReader.InvalidSpecException;
import io.tuneline.worker.data.RunInputs;
import io.tuneline.worker.output.LocalRunOutput;
import io.tuneline.worker.output.RunOutput;
import io.tuneline.worker.output.S3RunOutput;
import io.tuneline.worker.progress.EventLinesProgressSink;
import io.tuneline.worker.progress.JsonLinesProgressSink;
import io.tuneline.worker.progress.KafkaProgressSink;
import io.tuneline.worker.progress.ProgressSink;
import io.tuneline.worker.progress.TerminalProgressBar;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The worker's entry point, started by trainer-service as a child JVM or as a Kubernetes Job:
 * <pre>
 * java -cp … io.tuneline.worker.WorkerMain --spec run.json --run-id r-1 --out s3://tuneline-checkpoints/r-1/ --resume
 * </pre>
 * Exit status: 0 the run completed, 1 it failed (reported as {@code failed}), 2 bad arguments or spec (the
 * message names every bad field; nothing was trained). See the module README for the progress protocol.
 */
@Command(name = "trainer-worker", mixinStandardHelpOptions = true,
        description = "Runs one fine-tuning run from a run spec (JSON).")
public final class WorkerMain implements Callable<Integer> {

    public static final int EXIT_COMPLETED = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;

    @Option(names = "--spec", required = true, description = "run spec JSON file (RunSpec)")
    Path specFile;

    @Option(names = "--run-id", required = true, description = "the run's id (a path segment: letters, digits, -_.)")
    String runId;

    @Option(names = "--out", required = true,
            description = "output: a local folder or s3://bucket/prefix/ (step-N/, final/, best.json, result.json)")
    String out;

    @Option(names = "--resume", description = "continue from the newest checkpoint in --out (required when --out"
            + " already holds checkpoints of this run)")
    boolean resume;

    @Option(names = "--progress", split = ",", defaultValue = "jsonl",
            description = "progress sinks, comma-separated: jsonl, events (event envelopes on stdout, for"
                    + " trainer-service's local executor), kafka, bar, none (default: jsonl)")
    List<String> progressSinks;

    @Option(names = "--progress-file", description = "write the jsonl progress here instead of stdout")
    Path progressFile;

    @Option(names = "--work-dir", description = "local scratch: base-model cache, staged checkpoints"
            + " (default: <tmp>/tuneline-worker/<run-id>)")
    Path workDir;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Parses and runs; returns the exit status. */
    public static int run(String... args) {
        return new CommandLine(new WorkerMain()).execute(args); // picocli: usage errors exit with 2 as well
    }

    @Override
    public Integer call() {
        RunSpec spec;
        try {
            StorageLayout.id(runId);
            spec = RunSpecReader.validated(RunSpecReader.parse(Files.readAllBytes(specFile)));
        } catch (InvalidSpecException e) {
            e.errors().forEach(error -> System.err.println("invalid run spec: " + error));
            return EXIT_USAGE;
        } catch (IllegalArgumentException e) {
            System.err.println("invalid run id: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException e) {
            System.err.println("cannot read the run spec " + specFile + ": " + e.getMessage());
            return EXIT_USAGE;
        }
        Path scratch = workDir != null ? workDir
                : Path.of(System.getProperty("java.io.tmpdir"), "tuneline-worker", runId);
        try (LazyObjectStore store = new LazyObjectStore(); RunOutput output = output(store, scratch);
                ProgressSink sink = sinks(spec)) {
            if (!resume && output.holdsRun()) {
                System.err.println(out + " already holds a run: pass --resume to continue it, or use another --out");
                return EXIT_USAGE;
            }
            new FineTuningRun(runId, spec, new RunInputs(store, scratch), output, sink).run();
            return EXIT_COMPLETED;
        } catch (RunFailedException e) {
            System.err.println("run " + runId + " failed (" + e.errorCode() + "): " + e.getMessage());
            return EXIT_FAILED;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return EXIT_USAGE;
        }
    }

    private RunOutput output(LazyObjectStore store, Path scratch) {
        if (RunInputs.isS3(out)) {
            RunInputs.S3Location location = RunInputs.S3Location.parse(out);
            return new S3RunOutput(store.get(), location.bucket(), location.key(), scratch);
        }
        return new LocalRunOutput(Path.of(out));
    }

    private ProgressSink sinks(RunSpec spec) {
        ProgressSink sink = ProgressSink.none();
        for (String name : progressSinks) {
            sink = switch (name.trim()) {
                case "jsonl" -> ProgressSink.both(sink, jsonLines());
                case "bar" -> ProgressSink.both(sink, TerminalProgressBar.forConsole(System.err));
                case "events" -> ProgressSink.both(sink, new EventLinesProgressSink(System.out, spec));
                case "kafka" -> ProgressSink.both(sink, kafka(spec));
                case "none" -> sink;
                default -> throw new IllegalArgumentException("--progress: unknown sink '" + name
                        + "' (jsonl, events, kafka, bar, none)");
            };
        }
        return sink;
    }

    private ProgressSink jsonLines() {
        if (progressFile == null) {
            return new JsonLinesProgressSink(System.out, false);
        }
        try {
            return new JsonLinesProgressSink(new PrintStream(new FileOutputStream(progressFile.toFile(), true), true,
                    StandardCharsets.UTF_8), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + progressFile, e);
        }
    }

    private ProgressSink kafka(RunSpec spec) {
        String bootstrap = System.getenv(KafkaProgressSink.BOOTSTRAP_VARIABLE);
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("--progress kafka needs " + KafkaProgressSink.BOOTSTRAP_VARIABLE);
        }
        if (!RunInputs.isS3(out)) {
            throw new IllegalArgumentException("--progress kafka needs an s3:// --out: the events point at objects");
        }
        return new KafkaProgressSink(KafkaProgressSink.producer(bootstrap), spec, Duration.ofSeconds(5));
    }
}

package io.tuneline.cli.stack;

import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tuneline up}: the embedded default — Kafka, S3 and all five services as local processes. */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the local stack (embedded Kafka, S3 and all services).",
                "Starts a Kafka broker and an S3 server, creates the topics and buckets, starts the five services "
                        + "as separate JVMs, waits until each is ready and has sent a ping through Kafka and an "
                        + "object through S3, and prints where everything runs. Ctrl-C stops it all."})
public final class UpCommand implements Callable<Integer> {

    @Option(names = "--smoke", description = "Start everything, verify the round trips, stop everything; exit 0 only if all was good.")
    boolean smoke;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Kafka log, S3 objects and process logs (default: <repository>/.tuneline).")
    Path dataDir;

    @Option(names = "--free-ports", description = "Use any free ports instead of the fixed ones below.")
    boolean freePorts;

    @Option(names = "--kafka-port", defaultValue = "9092", paramLabel = "PORT", description = "Kafka bootstrap port (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "9093", paramLabel = "PORT", description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(names = "--s3-port", defaultValue = "9000", paramLabel = "PORT", description = "S3 endpoint port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--dataset-port", defaultValue = "8081", paramLabel = "PORT", description = "dataset-service HTTP port (default: ${DEFAULT-VALUE}).")
    int datasetPort;

    @Option(names = "--template-port", defaultValue = "8082", paramLabel = "PORT", description = "template-service HTTP port (default: ${DEFAULT-VALUE}).")
    int templatePort;

    @Option(names = "--trainer-port", defaultValue = "8083", paramLabel = "PORT", description = "trainer-service HTTP port (default: ${DEFAULT-VALUE}).")
    int trainerPort;

    @Option(names = "--eval-port", defaultValue = "8084", paramLabel = "PORT", description = "eval-service HTTP port (default: ${DEFAULT-VALUE}).")
    int evalPort;

    @Option(names = "--inference-port", defaultValue = "8085", paramLabel = "PORT", description = "inference-service HTTP port (default: ${DEFAULT-VALUE}).")
    int inferencePort;

    @Option(names = "--startup-timeout", defaultValue = "300", paramLabel = "SECONDS", description = "How long each step of the startup may take (default: ${DEFAULT-VALUE}).")
    long startupTimeoutSeconds;

    @Option(names = "--no-demo", description = "Do not run the demo pipeline (sample upload, streamed chats, rendered prompts) once everything is up.")
    boolean noDemo;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "A FLAN-T5 tokenizer.json for template-service to count tokens with (default: the small demo tokenizer shipped with the launcher).")
    Path tokenizerFile;

    @Option(names = "--demo-timeout", defaultValue = "180", paramLabel = "SECONDS", description = "How long each wait of the demo pipeline may take (default: ${DEFAULT-VALUE}).")
    long demoTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system();
        try {
            StackLayout layout = StackLayout.forRepository(StackLayout.findRepoRootOfLauncher(), dataDir);
            try (DataDirLock ignored = DataDirLock.acquire(layout.lockFile())) { // held while the stack runs
                LocalStack stack = new LocalStack(layout, portPlan(), console, Duration.ofSeconds(startupTimeoutSeconds));
                stack.preflight();
                DemoReport.Tokenizer tokenizer = tokenizer(layout);
                DemoRun demo = noDemo ? null : DemoRun.startingNow(Clock.systemUTC());
                Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "tuneline-up-stop"));
                return run(stack, layout, console, tokenizer, demo);
            }
        } catch (StackException e) {
            console.error(e.getMessage());
            return 1;
        }
    }

    private int run(LocalStack stack, StackLayout layout, Console console, DemoReport.Tokenizer tokenizer, DemoRun demo)
            throws InterruptedException {
        StackReport report;
        LocalStack.Infrastructure infrastructure;
        try {
            infrastructure = stack.startInfrastructure();
            stack.startServices(infrastructure, serviceSettings(tokenizer, demo));
            report = stack.verify(infrastructure);
        } catch (StackException e) {
            if (stack.isStopped()) {
                return 130; // Ctrl-C while starting: the shutdown hook has already stopped everything.
            }
            console.error(e.getMessage());
            stack.stop();
            return 1;
        }

        console.heading(report.allGood() ? "Tuneline is running" : "Tuneline did not start cleanly");
        console.print(StatusTable.render(report.rows()));
        if (!report.allGood()) {
            console.error("what went wrong:\n  - " + String.join("\n  - ", report.problems()));
            stack.stop();
            return 1;
        }
        console.println("Every service answers /q/health, /q/openapi, /q/swagger-ui, /q/metrics and /wiring.");
        S3ClientHints.lines(infrastructure.s3Endpoint(), LocalStack.S3_ACCESS_KEY, LocalStack.S3_SECRET_KEY,
                StorageLayout.withPrefix(LocalStack.BUCKET_PREFIX).datasets()).forEach(console::println);
        console.println("template-service counts tokens with " + tokenizer.shown()
                + (tokenizer.demo() ? " (the demo tokenizer, not FLAN-T5's vocabulary; --tokenizer FILE for a real one)" : "") + ".");
        boolean demoPassed = demo == null || runDemo(stack, layout, console, infrastructure, tokenizer, demo);
        if (stack.isStopped()) {
            return 130; // Ctrl-C during the demo: the shutdown hook has already stopped everything.
        }
        if (smoke) {
            boolean nothingLeft = stack.stop();
            if (!demoPassed) {
                console.println("Smoke run failed: the demo pipeline failed (see above).");
                return 1;
            }
            console.println(nothingLeft
                    ? "Smoke run passed: " + report.rows().size() + " processes started, every Kafka and S3 round trip ok, "
                    + (demo == null ? "" : "demo pipeline ok, ") + "nothing left running."
                    : "Smoke run failed: processes were left running.");
            return nothingLeft ? 0 : 1;
        }
        if (!demoPassed) {
            console.println("The stack keeps running so that you can look into it.");
        } else if (demo != null) {
            console.println("New chats on " + Topic.SUPPORT_CHATS.topicName() + " go to dataset " + demo.datasetId()
                    + " (a version every " + demo.streamCutEvery() + " chats); browse it at "
                    + stack.running(Service.DATASET).baseUri() + "/q/swagger-ui.");
        }
        console.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops the stack
        return 0;
    }

    /** Runs the demo pipeline and prints its summary; false (after saying why) when a step failed. */
    private boolean runDemo(LocalStack stack, StackLayout layout, Console console,
                            LocalStack.Infrastructure infrastructure, DemoReport.Tokenizer tokenizer, DemoRun demo) {
        console.heading("Demo pipeline: sample upload and streamed chats -> dataset versions -> prompts");
        try {
            DemoReport demoReport = new DemoPipeline(console, HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5)).build(), layout, stack.running(Service.DATASET),
                    stack.running(Service.TEMPLATE), infrastructure, demo, tokenizer,
                    Duration.ofSeconds(demoTimeoutSeconds)).run();
            console.heading("Demo pipeline done");
            console.print(DemoSummary.render(demoReport));
            return true;
        } catch (RuntimeException e) {
            if (!stack.isStopped()) { // after Ctrl-C, failures only echo the services going away
                console.error(e instanceof StackException ? e.getMessage()
                        : "Demo pipeline failed unexpectedly: " + e + "\n  logs: " + layout.display(layout.logsDir()));
            }
            return false;
        }
    }

    /** The demo tokenizer unless one was given; checked before anything starts. */
    DemoReport.Tokenizer tokenizer(StackLayout layout) {
        if (tokenizerFile == null) {
            Path demoTokenizer = DemoSample.writeTokenizer(layout.dataDir().resolve("demo"));
            return new DemoReport.Tokenizer(demoTokenizer, layout.display(demoTokenizer), true);
        }
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new StackException("--tokenizer " + tokenizerFile + ": no such file (expected a Hugging Face tokenizer.json).");
        }
        Path file = tokenizerFile.toAbsolutePath().normalize();
        return new DemoReport.Tokenizer(file, layout.display(file), false);
    }

    /** What some services need beyond the wiring: the tokenizer, and for the demo a quick stream cut. */
    static Map<Service, Map<String, String>> serviceSettings(DemoReport.Tokenizer tokenizer, DemoRun demo) {
        Map<Service, Map<String, String>> settings = new EnumMap<>(Service.class);
        settings.put(Service.TEMPLATE, Map.of("TUNELINE_TEMPLATE_TOKENIZER_PATH", tokenizer.file().toString()));
        if (demo != null) {
            settings.put(Service.DATASET, demo.datasetServiceEnvironment());
        }
        return settings;
    }

    private PortPlan portPlan() {
        return new PortPlan()
                .assign(PortPlan.KAFKA, "--kafka-port", port(kafkaPort))
                .assign(PortPlan.KAFKA_CONTROLLER, "--kafka-controller-port", port(kafkaControllerPort))
                .assign(PortPlan.S3, "--s3-port", port(s3Port))
                .assign(Service.DATASET, "--dataset-port", port(datasetPort))
                .assign(Service.TEMPLATE, "--template-port", port(templatePort))
                .assign(Service.TRAINER, "--trainer-port", port(trainerPort))
                .assign(Service.EVAL, "--eval-port", port(evalPort))
                .assign(Service.INFERENCE, "--inference-port", port(inferencePort));
    }

    private int port(int requested) {
        return freePorts ? 0 : requested;
    }
}

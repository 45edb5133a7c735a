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

    @Option(names = "--no-demo", description = "Only start the stack: do not run the story (chats -> fine-tuning -> evaluation -> promotion -> serving).")
    boolean noDemo;

    @Option(names = "--quick", description = "The small variant of the story that CI runs: the same steps with 160 chats and 100 training steps per run; the gate decides every run as in the full story, but a promotion is not required and the single-task run's paired ROUGE-L difference to the base only has to be above zero (not +0.15).")
    boolean quick;

    @Option(names = "--no-mixture", description = "Skip the second fine-tuning run that mixes general-task examples into the chats (the forgetting comparison).")
    boolean noMixture;

    @Option(names = "--lora", negatable = true, defaultValue = "false", description = "Also train a third run: a LoRA adapter on the frozen base model with general-task replay (the full / mixture / LoRA comparison). Off by default: it has not gained on the support chats and adds about 4 minutes to the story.")
    boolean lora;

    @Option(names = "--chats", paramLabel = "FILE", description = "Stream your own dialogues instead of the generated support chats: DialogSum JSONL (id or fname, dialogue, summary, optional topic per line), e.g. DialogSum itself.")
    Path chatsFile;

    @Option(names = "--base-model", paramLabel = "DIR", description = "Fine-tune your own Hugging Face T5 / FLAN-T5 checkpoint folder (config.json, model.safetensors, tokenizer.json) instead of the built-in model; registered under the folder's name. Pass its tokenizer.json with --tokenizer too.")
    Path baseModelDir;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write what the story printed as JSON: scores per model, the forgetting table, the decisions, the served answers.")
    Path summaryJson;

    @Option(names = "--keep-data", description = "Keep Kafka's log and the S3 objects of earlier runs (default: every run starts from fresh state).")
    boolean keepData;

    @Option(names = "--tokenizer", paramLabel = "FILE", description = "A FLAN-T5 tokenizer.json for template-service to count tokens with (default: the small demo tokenizer shipped with the launcher).")
    Path tokenizerFile;

    @Option(names = "--demo-timeout", defaultValue = "900", paramLabel = "SECONDS", description = "How long each wait of the story may take, a fine-tuning run included (default: ${DEFAULT-VALUE}).")
    long demoTimeoutSeconds;

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system();
        try {
            StackLayout layout = StackLayout.forRepository(StackLayout.findRepoRootOfLauncher(), dataDir);
            try (DataDirLock ignored = DataDirLock.acquire(layout.lockFile())) { // held while the stack runs
                LocalStack stack = new LocalStack(layout, portPlan(), console, Duration.ofSeconds(startupTimeoutSeconds));
                stack.preflight();
                TokenizerFile tokenizer = tokenizer(layout);
                StoryRun story = noDemo ? null
                        : StoryRun.startingNow(Clock.systemUTC(), layout.repoRoot(), quick, !noMixture, lora,
                        chatsFile, baseModelDir);
                if (!keepData) {
                    stack.clearData(); // a second run starts from fresh state unless told otherwise
                }
                Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "tuneline-up-stop"));
                return run(stack, layout, console, tokenizer, story);
            }
        } catch (StackException e) {
            console.error(e.getMessage());
            return 1;
        }
    }

    private int run(LocalStack stack, StackLayout layout, Console console, TokenizerFile tokenizer, StoryRun story)
            throws InterruptedException {
        StackReport report;
        LocalStack.Infrastructure infrastructure;
        try {
            infrastructure = stack.startInfrastructure();
            stack.startServices(infrastructure, serviceSettings(layout, tokenizer, story));
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
        console.warn("security", "the APIs are OPEN on " + LoopbackPort.HOST + " (tuneline.security.mode="
                + LocalStack.OPEN_SECURITY_MODE + "): no token needed, every caller has every role; they listen on"
                + " loopback only. A cluster install needs OIDC tokens (README \"Security\").");
        S3ClientHints.lines(infrastructure.s3Endpoint(), LocalStack.S3_ACCESS_KEY, LocalStack.S3_SECRET_KEY,
                StorageLayout.withPrefix(LocalStack.BUCKET_PREFIX).datasets()).forEach(console::println);
        console.println("template-service counts tokens with " + tokenizer.shown()
                + (tokenizer.builtIn() ? " (the built-in model's tokenizer; --tokenizer FILE for another)" : "") + ".");
        StoryReport storyReport = story == null ? null : runStory(stack, layout, console, infrastructure, story);
        boolean storyPassed = story == null || (storyReport != null && storyReport.acceptance().passed());
        if (stack.isStopped()) {
            return 130; // Ctrl-C during the story: the shutdown hook has already stopped everything.
        }
        if (smoke) {
            boolean nothingLeft = stack.stop();
            if (!storyPassed) {
                console.println("Smoke run failed: " + (storyReport == null ? "a step of the story failed (see above)."
                        : "the story ran, but its acceptance was not met (see above)."));
                return 1;
            }
            console.println(nothingLeft
                    ? "Smoke run passed: " + report.rows().size() + " processes started, every Kafka and S3 round trip ok, "
                    + (story == null ? "" : "every step of the story happened and its acceptance holds, ") + "nothing left running."
                    : "Smoke run failed: processes were left running.");
            return nothingLeft ? 0 : 1;
        }
        if (storyReport == null && story != null) {
            console.println("The stack keeps running so that you can look into it.");
        } else if (story != null) {
            console.println("New chats on " + Topic.SUPPORT_CHATS.topicName() + " go to dataset " + story.datasetId()
                    + "; a new version retrains " + story.modelName() + " by itself. Summaries: POST "
                    + stack.running(Service.INFERENCE).baseUri() + "/api/v1/summarize; every service's API at /q/swagger-ui.");
        }
        console.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops the stack
        return 0;
    }

    /** Runs the story and prints its tables; null (after saying why) when a step failed. */
    private StoryReport runStory(LocalStack stack, StackLayout layout, Console console,
                                 LocalStack.Infrastructure infrastructure, StoryRun story) {
        console.heading("The story: support chats -> fine-tuning -> evaluation -> promotion -> serving"
                + (story.quick() ? " (quick variant)" : ""));
        try {
            StoryReport storyReport = new StoryPipeline(console, HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5)).build(), layout, stack, infrastructure, story,
                    Duration.ofSeconds(demoTimeoutSeconds)).run();
            console.heading("Results");
            console.print(StorySummary.render(storyReport));
            if (summaryJson != null) {
                io.tuneline.contracts.events.EventCodec.mapper().writerWithDefaultPrettyPrinter()
                        .writeValue(summaryJson.toFile(), storyReport);
                console.println("Summary written to " + summaryJson);
            }
            return storyReport;
        } catch (java.io.IOException e) {
            console.error("cannot write --summary-json " + summaryJson + ": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            if (!stack.isStopped()) { // after Ctrl-C, failures only echo the services going away
                console.error(e instanceof StackException ? e.getMessage()
                        : "The story failed unexpectedly: " + e + "\n  logs: " + layout.display(layout.logsDir()));
            }
            return null;
        }
    }

    /** The built-in base model's tokenizer unless one was given; checked before anything starts. */
    TokenizerFile tokenizer(StackLayout layout) {
        if (tokenizerFile == null && baseModelDir != null) {
            Path own = baseModelDir.resolve("tokenizer.json").toAbsolutePath().normalize();
            if (!Files.isRegularFile(own)) {
                throw new StackException("--base-model " + baseModelDir + ": no tokenizer.json in it (a Hugging Face"
                        + " checkpoint folder has config.json, model.safetensors and tokenizer.json)");
            }
            return new TokenizerFile(own, layout.display(own), false);
        }
        if (tokenizerFile == null) {
            Path builtIn = layout.repoRoot().resolve("models").resolve(StoryRun.BASE_MODEL).resolve("tokenizer.json");
            if (!Files.isRegularFile(builtIn)) {
                throw new StackException("the built-in base model is missing: " + layout.display(builtIn)
                        + " (restore it with git, or rebuild it with ./tuneline model build-base)");
            }
            return new TokenizerFile(builtIn, layout.display(builtIn), true);
        }
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new StackException("--tokenizer " + tokenizerFile + ": no such file (expected a Hugging Face tokenizer.json).");
        }
        Path file = tokenizerFile.toAbsolutePath().normalize();
        return new TokenizerFile(file, layout.display(file), false);
    }

    /**
     * What some services need beyond the wiring: the tokenizer; for the story, the stream's dataset and cut size,
     * eval-service's forgetting suite and baselines, retraining switched on, and inference-service ready before the
     * first promotion (it answers 503 until a model is promoted).
     */
    static Map<Service, Map<String, String>> serviceSettings(StackLayout layout, TokenizerFile tokenizer,
                                                            StoryRun story) {
        Map<Service, Map<String, String>> settings = new EnumMap<>(Service.class);
        settings.put(Service.TEMPLATE, Map.of("TUNELINE_TEMPLATE_TOKENIZER_PATH", tokenizer.file().toString()));
        settings.put(Service.INFERENCE, Map.of("TUNELINE_INFERENCE_READY_WITHOUT_MODEL", "true",
                "TUNELINE_INFERENCE_MODELS", StoryRun.MODEL_NAME));
        settings.put(Service.TRAINER, Map.of("TUNELINE_TRAINER_RETRAINING_ENABLED", "true"));
        if (story != null) {
            settings.put(Service.DATASET, story.datasetServiceEnvironment());
            settings.put(Service.EVAL, Map.of("QUARKUS_CONFIG_LOCATIONS",
                    StoryRun.writeEvalServiceConfig(layout.dataDir().resolve("config")).toUri().toString()));
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

package io.tuneline.cli.stack;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
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

    @Override
    public Integer call() throws InterruptedException {
        Console console = Console.system();
        try {
            StackLayout layout = StackLayout.forRepository(StackLayout.findRepoRootOfLauncher(), dataDir);
            try (DataDirLock ignored = DataDirLock.acquire(layout.lockFile())) { // held while the stack runs
                LocalStack stack = new LocalStack(layout, portPlan(), console, Duration.ofSeconds(startupTimeoutSeconds));
                stack.preflight();
                Runtime.getRuntime().addShutdownHook(new Thread(stack::stop, "tuneline-up-stop"));
                return run(stack, console);
            }
        } catch (StackException e) {
            console.error(e.getMessage());
            return 1;
        }
    }

    private int run(LocalStack stack, Console console) throws InterruptedException {
        StackReport report;
        try {
            LocalStack.Infrastructure infrastructure = stack.startInfrastructure();
            stack.startServices(infrastructure);
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
        if (smoke) {
            boolean nothingLeft = stack.stop();
            console.println(nothingLeft
                    ? "Smoke run passed: " + report.rows().size() + " processes started, every Kafka and S3 round trip ok, nothing left running."
                    : "Smoke run failed: processes were left running.");
            return nothingLeft ? 0 : 1;
        }
        console.println("Every service answers /q/health, /q/openapi, /q/swagger-ui, /q/metrics and /wiring.");
        console.println("Press Ctrl-C to stop everything.");
        new CountDownLatch(1).await(); // until Ctrl-C: the shutdown hook stops the stack
        return 0;
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

package io.tuneline.cli.stack;

import io.tuneline.contracts.api.WiringStatus;
import io.tuneline.contracts.events.Topic;
import io.tuneline.contracts.storage.StorageLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded default of Tuneline on one machine: a Kafka broker and an S3 server as child JVMs (from
 * embedded-servers, on the launcher's classpath), the topics and buckets, then the five services as child JVMs wired to
 * them through the same environment variables a Kubernetes deployment sets.
 */
public final class LocalStack {

    public static final String BUCKET_PREFIX = "tuneline-";
    public static final String S3_ACCESS_KEY = "tuneline";
    public static final String S3_SECRET_KEY = "tuneline-secret";

    /** How often a service that died is restarted before the launcher gives up on it. */
    static final int MAX_RESTARTS = 3;

    private static final String KAFKA_MAIN = "io.tuneline.embedded.process.KafkaBrokerMain";
    private static final String S3_MAIN = "io.tuneline.embedded.process.S3ServerMain";
    private static final String KAFKA = "kafka";
    private static final String S3 = "s3";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_EXCERPT_LINES = 12;

    /** Endpoints of the running broker and S3 server, as they announced them. */
    public record Infrastructure(String kafkaBootstrapServers, String s3Endpoint) {
    }

    private final StackLayout layout;
    private final PortPlan ports;
    private final Console console;
    private final Duration startupTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<ManagedProcess> infrastructureProcesses = new CopyOnWriteArrayList<>();
    private final List<RunningService> services = new CopyOnWriteArrayList<>();
    private ManagedProcess kafka;
    private ManagedProcess s3;
    private boolean stopped;
    private boolean nothingLeft = true;
    private final Map<Service, Integer> restarts = new EnumMap<>(Service.class);

    public LocalStack(StackLayout layout, PortPlan ports, Console console, Duration startupTimeout) {
        this.layout = layout;
        this.ports = ports;
        this.console = console;
        this.startupTimeout = startupTimeout;
    }

    /**
     * Removes Kafka's log and the S3 objects of earlier runs (logs stay), so that this run starts from fresh state;
     * called under the data directory's lock, before anything starts.
     */
    public void clearData() {
        for (Path dir : List.of(layout.kafkaDir(), layout.s3Dir())) {
            if (Files.isDirectory(dir)) {
                try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                    paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                } catch (java.io.IOException e) {
                    throw new StackException("cannot clear " + layout.display(dir) + " for a fresh start: " + e.getMessage()
                            + " (or keep it with --keep-data)");
                }
            }
        }
    }

    /** Everything that can be checked before starting anything: the service jars exist and the ports are free. */
    public void preflight() {
        List<String> missing = Arrays.stream(Service.values())
                .map(service -> service.runnableJar(layout.repoRoot()))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(layout::display)
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("The services are not built; missing:\n  - " + String.join("\n  - ", missing)
                    + "\nBuild them from the repository root with: ./mvnw -B -DskipTests install"
                    + "\n(./tuneline up does that by itself when a jar is missing or older than its sources).");
        }
        ports.requireUsable(LoopbackPort::isFree);
    }

    /** Starts the broker and the S3 server side by side and waits until both announce READY. */
    public Infrastructure startInfrastructure() {
        console.heading("Starting Kafka and S3 (data in " + layout.display(layout.dataDir()) + ")");
        List<String> buckets = StorageLayout.withPrefix(BUCKET_PREFIX).allBuckets();
        kafka = startInfrastructureProcess(KAFKA, List.of("-Xmx512m"), KAFKA_MAIN, List.of(
                "--port", Integer.toString(ports.port(PortPlan.KAFKA)),
                "--controller-port", Integer.toString(ports.port(PortPlan.KAFKA_CONTROLLER)),
                "--dir", layout.kafkaDir().toString(),
                "--topics", String.join(",", Topic.allNames())));
        s3 = startInfrastructureProcess(S3, List.of("-Xmx256m"), S3_MAIN, List.of(
                "--port", Integer.toString(ports.port(PortPlan.S3)),
                "--dir", layout.s3Dir().toString(),
                "--access-key", S3_ACCESS_KEY,
                "--secret-key", S3_SECRET_KEY,
                "--buckets", String.join(",", buckets)));
        String bootstrapServers = kafka.awaitReady(startupTimeout);
        console.ok(KAFKA, "ready at " + bootstrapServers + " in " + Durations.seconds(kafka.startupTime()));
        String s3Endpoint = s3.awaitReady(startupTimeout);
        console.ok(S3, "ready at " + s3Endpoint + " in " + Durations.seconds(s3.startupTime()));
        requireTopics(bootstrapServers);
        console.ok("buckets", buckets.size() + " ready: " + String.join(", ", buckets));
        return new Infrastructure(bootstrapServers, s3Endpoint);
    }

    private ManagedProcess startInfrastructureProcess(String name, List<String> jvmOptions, String mainClass,
                                                      List<String> args) {
        ManagedProcess process;
        synchronized (this) {
            requireNotStopped();
            process = ManagedProcess.start(name, JavaCommand.mainClass(jvmOptions, mainClass, args), Map.of(),
                    layout.repoRoot(), layout.logFile(name));
            infrastructureProcesses.add(process);
        }
        watchForUnexpectedExit(process);
        console.step(name, "starting (pid " + process.pid() + ", log " + layout.display(process.logFile()) + ")");
        return process;
    }

    /** The broker creates the topics before it announces READY; this confirms it through the Kafka admin API. */
    private void requireTopics(String bootstrapServers) {
        List<String> expected = List.of(Topic.allNames());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            Set<String> present = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<String> missing = expected.stream().filter(topic -> !present.contains(topic)).toList();
            if (!missing.isEmpty()) {
                throw new StackException("Topics missing on the broker: " + missing + ". Log: "
                        + layout.display(layout.logFile(KAFKA)));
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("Could not list the topics on " + bootstrapServers + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while listing topics");
        }
        console.ok("topics", expected.size() + " present: " + String.join(", ", expected));
    }

    /**
     * Starts all five services at once, each in its own JVM with its own port and log; {@code settings} adds
     * variables for some of them (e.g. the tokenizer template-service counts with).
     */
    public void startServices(Infrastructure infrastructure, Map<Service, Map<String, String>> settings) {
        console.heading("Starting the services");
        for (Service service : Service.values()) {
            int port = ports.port(service);
            RunningService running;
            synchronized (this) {
                requireNotStopped();
                running = new RunningService(service, port, startService(service, infrastructure, port,
                        settings.getOrDefault(service, Map.of())));
                services.add(running);
            }
            ManagedProcess process = running.process();
            superviseService(running, infrastructure, settings.getOrDefault(service, Map.of()));
            console.step(service.moduleName(), "starting on " + running.baseUri() + " (pid " + process.pid() + ", log "
                    + layout.display(process.logFile()) + ", heap up to " + service.maxHeap() + ")");
        }
    }

    private ManagedProcess startService(Service service, Infrastructure infrastructure, int port,
                                        Map<String, String> settings) {
        return ManagedProcess.start(service.moduleName(),
                JavaCommand.jar(service.jvmOptions(), service.runnableJar(layout.repoRoot())),
                serviceEnvironment(infrastructure, port, settings), layout.repoRoot(),
                layout.logFile(service.moduleName()));
    }

    /**
     * A service that dies while the stack runs (out of heap, killed by the OOM killer) is restarted, at most
     * {@link #MAX_RESTARTS} times per service, saying why it died; the old log is kept as {@code <name>.log.<n>}.
     */
    private void superviseService(RunningService running, Infrastructure infrastructure,
                                  Map<String, String> settings) {
        ManagedProcess process = running.process();
        process.onUnexpectedExit(code -> {
            RunningService replacement;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                int attempt = restarts.merge(running.service(), 1, Integer::sum);
                String died = running.name() + " (pid " + process.pid() + ") " + ExitCodes.describe(code);
                if (attempt > MAX_RESTARTS) {
                    console.fail(running.name(), died + "; not restarting after " + MAX_RESTARTS + " restarts. Log: "
                            + layout.display(process.logFile()));
                    return;
                }
                keepLog(process.logFile(), attempt);
                replacement = new RunningService(running.service(), running.port(),
                        startService(running.service(), infrastructure, running.port(), settings));
                services.set(services.indexOf(running), replacement);
                console.warn(running.name(), died + "; restarted as pid " + replacement.process().pid() + " (restart "
                        + attempt + " of at most " + MAX_RESTARTS + "; previous log "
                        + layout.display(process.logFile()) + "." + attempt + ")");
            }
            superviseService(replacement, infrastructure, settings);
        });
    }

    private static void keepLog(Path log, int attempt) {
        try {
            Files.move(log, log.resolveSibling(log.getFileName() + "." + attempt),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            // The new process then overwrites the old log; the console line still says why it died.
        }
    }

    /** How many times each service was restarted after dying. */
    public synchronized Map<Service, Integer> restarts() {
        return Map.copyOf(restarts);
    }

    /** The services' security mode here: no tokens, every caller has every role (they refuse it off loopback). */
    public static final String OPEN_SECURITY_MODE = "open";

    /** The same variables a Kubernetes deployment sets (see helm/ and k8s/), pointing at the local processes. */
    static Map<String, String> serviceEnvironment(Infrastructure infrastructure, int port, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(settings);
        environment.putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "TUNELINE_S3_ENDPOINT", infrastructure.s3Endpoint(),
                "TUNELINE_S3_ACCESS_KEY", S3_ACCESS_KEY,
                "TUNELINE_S3_SECRET_KEY", S3_SECRET_KEY,
                "TUNELINE_S3_BUCKET_PREFIX", BUCKET_PREFIX,
                "HTTP_PORT", Integer.toString(port),
                // Listen on loopback only: the local stack is for this machine.
                "QUARKUS_HTTP_HOST", LoopbackPort.HOST,
                // No tokens on loopback (README "Security"): the services refuse this mode on any other address.
                "TUNELINE_SECURITY_MODE", OPEN_SECURITY_MODE));
        return environment;
    }

    /** The started service, for the demo pipeline's requests. */
    public RunningService running(Service service) {
        return services.stream().filter(running -> running.service() == service).findFirst()
                .orElseThrow(() -> new IllegalStateException(service.moduleName() + " was not started"));
    }

    /** Waits for readiness, runs the wiring round trips and returns one row per process for the status table. */
    public StackReport verify(Infrastructure infrastructure) {
        console.heading("Waiting for readiness (" + HealthWaiter.READINESS_PATH + ", up to " + startupTimeout.toSeconds() + " s)");
        Map<RunningService, Health> health = new HealthWaiter(http).awaitReady(List.copyOf(services), startupTimeout,
                (service, outcome) -> {
                    if (outcome.isUp()) {
                        console.ok(service.name(), outcome.detail());
                    } else {
                        console.fail(service.name(), outcome.state() + ": " + outcome.detail());
                    }
                });

        console.heading("Checking the wiring (POST " + WiringProbe.CHECK_PATH + ": a ping through Kafka, an object through S3)");
        WiringProbe probe = new WiringProbe(http);
        List<StatusTable.Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        rows.add(infrastructureRow(kafka, infrastructure.kafkaBootstrapServers()));
        rows.add(infrastructureRow(s3, infrastructure.s3Endpoint()));
        for (RunningService service : services) {
            Health serviceHealth = health.get(service);
            String kafkaCell = "-";
            String s3Cell = "-";
            if (serviceHealth.isUp()) {
                WiringStatus wiring = probe.check(service);
                reportWiring(service, wiring, problems);
                kafkaCell = wiring.kafka().summary();
                s3Cell = wiring.s3().summary();
            } else {
                problems.add(service.name() + " is " + serviceHealth.state() + ": " + serviceHealth.detail()
                        + "\n    log: " + layout.display(service.process().logFile()) + logExcerpt(service.process()));
            }
            rows.add(new StatusTable.Row(service.name(), service.process().pid(), service.baseUri().toString(),
                    serviceHealth.state().name(), kafkaCell, s3Cell, layout.display(service.process().logFile())));
        }
        return new StackReport(rows, problems);
    }

    private static String logExcerpt(ManagedProcess process) {
        List<String> tail = process.logTail(LOG_EXCERPT_LINES);
        return tail.isEmpty() ? " (empty)" : "\n    | " + String.join("\n    | ", tail);
    }

    private void reportWiring(RunningService service, WiringStatus wiring, List<String> problems) {
        if (wiring.allOk()) {
            console.ok(service.name(), "kafka " + wiring.kafka().summary() + ", s3 " + wiring.s3().summary());
            return;
        }
        console.fail(service.name(), "kafka " + wiring.kafka().summary() + ", s3 " + wiring.s3().summary());
        if (!wiring.kafka().ok()) {
            problems.add(service.name() + ": Kafka round trip failed: " + wiring.kafka().error());
        }
        if (!wiring.s3().ok()) {
            problems.add(service.name() + ": S3 round trip failed: " + wiring.s3().error());
        }
    }

    private StatusTable.Row infrastructureRow(ManagedProcess process, String endpoint) {
        return new StatusTable.Row(process.name(), process.pid(), endpoint, process.isAlive() ? "READY" : "EXITED",
                "-", "-", layout.display(process.logFile()));
    }

    /** Ctrl-C during startup stops the stack from the shutdown hook while startup goes on: start nothing more. */
    private void requireNotStopped() {
        if (stopped) {
            throw new StackException("The local stack is stopping; not starting anything more.");
        }
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    private void watchForUnexpectedExit(ManagedProcess process) {
        process.onUnexpectedExit(code -> console.fail(process.name(), "exited unexpectedly with code " + code
                + "; log: " + layout.display(process.logFile())));
    }

    /**
     * Stops what was started, services first (they still talk to Kafka and S3 while shutting down), then the
     * broker and the S3 server. Safe to call twice: from the end of a smoke run and from the shutdown hook.
     * True when no process it started (nor any of their descendants) is left running.
     */
    public synchronized boolean stop() {
        if (stopped) {
            return nothingLeft;
        }
        stopped = true;
        List<ManagedProcess> serviceProcesses = services.stream().map(RunningService::process).toList();
        if (serviceProcesses.isEmpty() && infrastructureProcesses.isEmpty()) {
            return nothingLeft;
        }
        console.heading("Stopping (SIGTERM, SIGKILL after " + STOP_GRACE.toSeconds() + " s)");
        report(ManagedProcess.stopAll(serviceProcesses, STOP_GRACE));
        report(ManagedProcess.stopAll(List.copyOf(infrastructureProcesses), STOP_GRACE));
        nothingLeft = infrastructureProcesses.stream().noneMatch(ManagedProcess::leftRunning)
                && serviceProcesses.stream().noneMatch(ManagedProcess::leftRunning);
        if (nothingLeft) {
            console.ok("stack", "everything stopped; data and logs kept in " + layout.display(layout.dataDir()));
        } else {
            console.fail("stack", "some processes are still running; see the lines above");
        }
        return nothingLeft;
    }

    private void report(List<ManagedProcess.Stopped> outcomes) {
        for (ManagedProcess.Stopped outcome : outcomes) {
            String pid = "pid " + outcome.process().pid();
            if (outcome.process().exitedBeforeStop()) {
                console.fail(outcome.process().name(), "was not running any more: " + pid + " "
                        + outcome.process().exitCode().stream().mapToObj(ExitCodes::describe).findFirst()
                        .orElse("had exited") + " before the stop; log: "
                        + layout.display(outcome.process().logFile()));
            } else if (outcome.process().leftRunning()) {
                console.fail(outcome.process().name(), pid + " (or a child of it) still running after SIGKILL");
            } else if (outcome.graceful()) {
                console.ok(outcome.process().name(), "stopped (" + pid + ")");
            } else {
                console.warn(outcome.process().name(), "killed after " + STOP_GRACE.toSeconds() + " s (" + pid + ")");
            }
        }
    }
}

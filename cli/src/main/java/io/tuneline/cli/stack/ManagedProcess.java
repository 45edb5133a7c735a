package io.tuneline.cli.stack;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

/**
 * A child process the launcher owns: its output goes to a log file, a {@code READY <endpoint>} line on it
 * announces readiness, and stopping it means SIGTERM, a grace period, then SIGKILL — for it and its descendants.
 */
public final class ManagedProcess {

    public static final String READY_PREFIX = "READY ";
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final int ERROR_TAIL_LINES = 30;

    private final String name;
    private final Process process;
    private final Path logFile;
    private final long startedNanos = System.nanoTime();
    private final CompletableFuture<String> readyEndpoint = new CompletableFuture<>();
    private volatile long readyNanos;
    private final List<ProcessHandle> stopTargets = new ArrayList<>();
    private volatile boolean stopRequested;
    private volatile boolean exitedBeforeStop;

    private ManagedProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} in {@code workingDir} with {@code environment} added to the launcher's own,
     * writing its stdout and stderr to {@code logFile} (replaced on every start).
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> environment,
                                       Path workingDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(inOwnSession(command))
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            ManagedProcess managed = new ManagedProcess(name, process, logFile);
            managed.copyOutputToLog();
            return managed;
        } catch (IOException e) {
            throw new StackException("Could not start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group. Children in a session of their own do
     * not get it, so the launcher alone decides the order in which they stop (services before Kafka and S3).
     * {@code setsid} replaces itself with the command, so the pid is the command's own.
     */
    private static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        return Stream.concat(Stream.of(SETSID.toString()), command.stream()).toList();
    }

    private void copyOutputToLog() throws IOException {
        BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        Thread pump = new Thread(() -> pumpOutput(log), name + "-output");
        pump.setDaemon(true);
        pump.start();
    }

    private void pumpOutput(BufferedWriter log) {
        try (log; BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                log.write(line);
                log.newLine();
                log.flush();
                if (line.startsWith(READY_PREFIX) && !readyEndpoint.isDone()) {
                    readyNanos = System.nanoTime();
                    readyEndpoint.complete(line.substring(READY_PREFIX.length()).trim());
                }
            }
        } catch (IOException e) {
            // The pipe closes when the process dies; the exit is reported through readiness or onExit.
        } finally {
            readyEndpoint.completeExceptionally(new IllegalStateException("output ended"));
        }
    }

    /** Waits for the {@code READY <endpoint>} line and returns the endpoint. */
    public String awaitReady(Duration timeout) {
        try {
            return readyEndpoint.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StackException(name + " did not report READY within " + timeout.toSeconds() + " s. " + logHint());
        } catch (ExecutionException e) {
            throw new StackException(name + " exited" + exitCodeText() + " before it was ready. " + logHint());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for " + name);
        }
    }

    /** How long the process took from its start to its READY line (call after {@link #awaitReady}). */
    public Duration startupTime() {
        return Duration.ofNanos(readyNanos - startedNanos);
    }

    /**
     * Calls {@code listener} with the exit code if the process ends without the launcher asking it to.
     * The returned future completes once the exit has been handled, whichever way.
     */
    public CompletableFuture<Void> onUnexpectedExit(IntConsumer listener) {
        return process.onExit().thenAccept(exited -> {
            if (!stopRequested) {
                listener.accept(exited.exitValue());
            }
        });
    }

    /**
     * Sends SIGTERM to the process and its descendants. The descendants are remembered now: once their parent
     * is gone they are re-parented and no longer reachable through it.
     */
    public synchronized void requestStop() {
        captureStopTargets();
        stopTargets.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
    }

    private void captureStopTargets() {
        if (!stopRequested) {
            exitedBeforeStop = !process.isAlive();
        }
        stopRequested = true;
        if (stopTargets.isEmpty()) {
            stopTargets.add(process.toHandle());
            process.descendants().forEach(stopTargets::add);
        }
    }

    /** Waits until the process and the descendants known at {@link #requestStop()} have exited. */
    public synchronized boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle target : stopTargets) {
            // Checked first: onExit() of a process that is already gone still completes asynchronously, so a
            // wait with no time left would count it as running.
            if (!target.isAlive()) {
                continue;
            }
            long remaining = deadline - System.nanoTime();
            try {
                target.onExit().get(Math.max(remaining, 0), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                throw new IllegalStateException("waiting for " + target.pid() + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** SIGKILL for whatever is still alive after the grace period. */
    public synchronized void kill() {
        captureStopTargets();
        stopTargets.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops one process: SIGTERM, up to {@code grace} to exit, then SIGKILL. True if it stopped without SIGKILL. */
    public boolean stop(Duration grace) {
        return stopAll(List.of(this), grace).get(0).graceful();
    }

    /** How one process ended when the launcher stopped it. */
    public record Stopped(ManagedProcess process, boolean graceful) {
    }

    /**
     * Stops several processes at once: SIGTERM to all, one shared grace period, then SIGKILL for the rest.
     * Signalling all first lets them shut down in parallel instead of one grace period each.
     */
    public static List<Stopped> stopAll(List<ManagedProcess> processes, Duration grace) {
        processes.forEach(ManagedProcess::requestStop);
        long deadline = System.nanoTime() + grace.toNanos();
        List<Stopped> outcomes = new ArrayList<>();
        for (ManagedProcess managed : processes) {
            boolean graceful = managed.awaitExit(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)));
            if (!graceful) {
                managed.kill();
                managed.awaitExit(Duration.ofSeconds(10));
            }
            outcomes.add(new Stopped(managed, graceful));
        }
        return outcomes;
    }

    public String name() {
        return name;
    }

    /** After a stop: the process had already ended before the launcher asked it to (it died, it was not stopped). */
    public boolean exitedBeforeStop() {
        return exitedBeforeStop;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once the process has ended; 128 + n means it was killed by signal n. */
    public OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** After a stop: whether the process or any descendant it had when the stop began is still running. */
    public synchronized boolean leftRunning() {
        return process.isAlive() || stopTargets.stream().anyMatch(ProcessHandle::isAlive);
    }

    /** The process and every descendant it has right now. */
    public List<ProcessHandle> processTree() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code count} lines of the log, to show next to an error. */
    public List<String> logTail(int count) {
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            List<String> all = lines.toList();
            return all.subList(Math.max(0, all.size() - count), all.size());
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private String exitCodeText() {
        try {
            return " with code " + process.onExit().get(5, TimeUnit.SECONDS).exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } catch (ExecutionException | TimeoutException e) {
            return "";
        }
    }

    private String logHint() {
        List<String> tail = logTail(ERROR_TAIL_LINES);
        String hint = "Log: " + logFile;
        return tail.isEmpty() ? hint : hint + "\n  | " + String.join("\n  | ", tail);
    }
}

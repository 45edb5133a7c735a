package io.tuneline.cli.stack;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManagedProcessTest {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<ManagedProcess> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(ManagedProcess::kill);
    }

    private ManagedProcess start(String mode) {
        ManagedProcess process = ManagedProcess.start("dummy-" + mode, DummyChildMain.command(mode), Map.of(), dir,
                dir.resolve("logs").resolve(mode + ".log"));
        started.add(process);
        return process;
    }

    @Test
    void announcesTheEndpointOfItsReadyLineAndLogsItsOutput() throws Exception {
        ManagedProcess process = start("ready");

        assertThat(process.awaitReady(STARTUP)).isEqualTo("dummy://ready");
        assertThat(process.isAlive()).isTrue();
        assertThat(process.startupTime()).isPositive();
        assertThat(Files.readString(process.logFile())).contains("dummy starting in mode ready", "READY dummy://ready");
    }

    @Test
    void stopsTheProcessAndItsDescendantsWithSigterm() {
        ManagedProcess process = start("ready-with-child");
        process.awaitReady(STARTUP);
        List<ProcessHandle> tree = process.processTree();
        assertThat(tree).hasSizeGreaterThanOrEqualTo(2);

        boolean graceful = process.stop(GRACE);

        assertThat(graceful).isTrue();
        assertThat(tree).noneMatch(ProcessHandle::isAlive);
        assertThat(process.leftRunning()).isFalse();
    }

    @Test
    void killsAProcessThatDoesNotFinishOnSigterm() {
        ManagedProcess process = start("ignore-sigterm");
        process.awaitReady(STARTUP);

        boolean graceful = process.stop(Duration.ofSeconds(1));

        assertThat(graceful).isFalse();
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void stopsSeveralProcessesTogether() {
        List<ManagedProcess> processes = List.of(start("ready"), start("ready-with-child"));
        processes.forEach(process -> process.awaitReady(STARTUP));
        List<ProcessHandle> trees = processes.stream().flatMap(process -> process.processTree().stream()).toList();

        List<ManagedProcess.Stopped> outcomes = ManagedProcess.stopAll(processes, GRACE);

        assertThat(outcomes).extracting(ManagedProcess.Stopped::graceful).containsExactly(true, true);
        assertThat(trees).hasSizeGreaterThanOrEqualTo(3).noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void aProcessThatUsesUpTheGracePeriodDoesNotMakeTheOthersLookKilled() {
        List<ManagedProcess> processes = List.of(start("ignore-sigterm"), start("ready"));
        processes.forEach(process -> process.awaitReady(STARTUP));

        List<ManagedProcess.Stopped> outcomes = ManagedProcess.stopAll(processes, Duration.ofSeconds(5));

        assertThat(outcomes).extracting(ManagedProcess.Stopped::graceful).containsExactly(false, true);
        assertThat(processes).noneMatch(ManagedProcess::leftRunning);
    }

    @Test
    void reportsAnExitBeforeReadyWithTheExitCodeAndTheEndOfTheLog() {
        ManagedProcess process = start("fail");

        assertThatThrownBy(() -> process.awaitReady(STARTUP))
                .isInstanceOf(StackException.class)
                .hasMessageContaining("dummy-fail exited with code 3 before it was ready")
                .hasMessageContaining("dummy: cannot start, as asked")
                .hasMessageContaining(process.logFile().toString());
    }

    @Test
    void tellsWhenAProcessExitsWithoutBeingAskedTo() throws Exception {
        ManagedProcess process = start("ready-then-exit");
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        process.onUnexpectedExit(exitCode::complete);

        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isEqualTo(5);
    }

    @Test
    void staysQuietWhenTheLauncherStopsIt() throws Exception {
        ManagedProcess process = start("ready");
        process.awaitReady(STARTUP);
        CompletableFuture<Integer> exitCode = new CompletableFuture<>();
        CompletableFuture<Void> exitHandled = process.onUnexpectedExit(exitCode::complete);

        process.stop(GRACE);

        exitHandled.get(60, TimeUnit.SECONDS);
        assertThat(exitCode).isNotDone();
    }

    @Test
    void aProcessThatDiedBeforeTheStopIsNotReportedAsStopped() throws Exception {
        ManagedProcess died = start("ready-then-exit");
        died.onUnexpectedExit(code -> { }).get(60, TimeUnit.SECONDS);
        ManagedProcess running = start("ready");
        running.awaitReady(STARTUP);

        ManagedProcess.stopAll(List.of(died, running), GRACE);

        assertThat(died.exitedBeforeStop()).isTrue();
        assertThat(died.exitCode()).hasValue(5);
        assertThat(running.exitedBeforeStop()).isFalse();
    }
}

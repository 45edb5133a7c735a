package io.tuneline.embedded.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standalone server that cannot start exits with status 1 and prints no READY line, whatever the cause: a bad
 * option, a port another process holds, a data directory that is a file. The launcher relies on the status.
 */
class ServerStartFailureTest {

    @TempDir
    Path dir;

    private Process process;

    @AfterEach
    void stopAProcessThatDidNotExit() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void s3ServerWithAnUnknownOptionOrAPortThatIsNotANumberExitsWithOne() throws Exception {
        assertExitsWithOneWithoutReady(S3ServerMain.class, List.of("--dir", dir.toString(), "--colour", "red"));
        assertExitsWithOneWithoutReady(S3ServerMain.class, List.of("--dir", dir.toString(), "--port", "http"));
    }

    @Test
    void s3ServerOnAPortInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertExitsWithOneWithoutReady(S3ServerMain.class,
                    List.of("--dir", dir.toString(), "--port", String.valueOf(taken.getLocalPort())));
        }
    }

    @Test
    void s3ServerWhoseDirectoryIsAFileExitsWithOne() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertExitsWithOneWithoutReady(S3ServerMain.class, List.of("--dir", file.toString()));
    }

    @Test
    void kafkaBrokerOnAPortInUseExitsWithOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertExitsWithOneWithoutReady(KafkaBrokerMain.class,
                    List.of("--dir", dir.resolve("kafka").toString(), "--port", String.valueOf(taken.getLocalPort())));
        }
    }

    @Test
    void kafkaBrokerWhoseDirectoryIsAFileExitsWithOne() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        assertExitsWithOneWithoutReady(KafkaBrokerMain.class, List.of("--dir", file.toString()));
    }

    private void assertExitsWithOneWithoutReady(Class<?> main, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", testClassPath(), main.getName()));
        command.addAll(args);
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("%s %s ended", main.getSimpleName(), args).isTrue();
        assertThat(process.exitValue()).as("exit status of %s %s", main.getSimpleName(), args).isEqualTo(1);
        assertThat(new String(process.getInputStream().readAllBytes())).doesNotContain("READY");
    }

    /** Surefire hides the real class path behind a manifest-only jar and publishes it in this property. */
    private static String testClassPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"))
                .replace(File.pathSeparator + File.pathSeparator, File.pathSeparator);
    }
}

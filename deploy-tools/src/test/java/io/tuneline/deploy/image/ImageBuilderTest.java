package io.tuneline.deploy.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds real image tarballs offline — a base from a root file system on scratch, then images on that base through
 * {@code tar://} — and reads them back as a registry client would.
 */
class ImageBuilderTest {

    @TempDir
    static Path work;
    static Path baseTarball;
    static TunelineImages.BuildInfo info;

    @BeforeAll
    static void buildBase() throws Exception {
        Path rootFileSystem = work.resolve("rootfs");
        Path java = rootFileSystem.resolve("opt/java/openjdk/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(rootFileSystem.resolve("tmp"));
        Files.writeString(Files.createDirectories(rootFileSystem.resolve("etc")).resolve("passwd"),
                "tuneline:x:185:185::/tmp:/sbin/nologin\n");
        baseTarball = work.resolve("images/base.tar");
        TunelineImages.BuildInfo baseInfo = new TunelineImages.BuildInfo("test.local/tuneline", "1.2.3", "abc123",
                "https://example.com/tuneline", ImageSpec.SCRATCH);
        new ImageBuilder(work.resolve("cache"))
                .build(TunelineImages.base(rootFileSystem, "test.local/base:1", baseInfo), baseTarball);
        info = new TunelineImages.BuildInfo("test.local/tuneline", "1.2.3", "abc123", "https://example.com/tuneline",
                "tar://" + baseTarball);
    }

    @Test
    void baseIsADockerArchiveWithTheRootFileSystemAndExecutableJava() throws IOException {
        ImageTarball.Contents base = ImageTarball.read(baseTarball);

        assertThat(base.layout()).isEqualTo("docker");
        assertThat(base.paths()).contains("/opt/java/openjdk/bin/java", "/etc/passwd", "/tmp");
        assertThat(base.config().environment()).containsEntry("JAVA_HOME", "/opt/java/openjdk");
    }

    @Test
    void serviceImageIsAnOciImageOnTheTarBaseWithItsConfiguration() throws Exception {
        Path app = fakeQuarkusApp(work.resolve("quarkus-app"));
        Path tarball = work.resolve("images/dataset-service.tar");

        new ImageBuilder(work.resolve("cache")).build(TunelineImages.quarkusService("dataset-service", 8081, app, info), tarball);
        ImageTarball.Contents image = ImageTarball.read(tarball);

        assertThat(image.layout()).isEqualTo("oci");
        assertThat(image.config().user()).isEqualTo("185:185");
        assertThat(image.config().entrypoint())
                .containsExactly("/opt/java/openjdk/bin/java", "-jar", "/deployments/quarkus-run.jar");
        assertThat(image.config().exposedPorts()).containsExactly("8081/tcp");
        assertThat(image.config().workingDirectory()).isEqualTo("/deployments");
        assertThat(image.config().labels())
                .containsEntry("org.opencontainers.image.title", "dataset-service")
                .containsEntry("org.opencontainers.image.version", "1.2.3")
                .containsEntry("org.opencontainers.image.revision", "abc123")
                .containsEntry("org.opencontainers.image.source", "https://example.com/tuneline");
        assertThat(image.config().labels().get("org.opencontainers.image.base.name")).doesNotContain(work.toString());
        assertThat(image.config().environment().get("JDK_JAVA_OPTIONS")).contains("-XX:MaxRAMPercentage=75");
        assertThat(image.paths()).contains("/opt/java/openjdk/bin/java", "/deployments/quarkus-run.jar",
                "/deployments/lib/main/dependency.jar", "/deployments/quarkus/generated-bytecode.jar",
                "/deployments/app/dataset-service.jar");
        assertThat(ImageCheck.problems(image, Optional.of(8081), Optional.of("/deployments/quarkus-run.jar"))).isEmpty();
        assertThat(ImageCheck.problems(image, Optional.of(9999), Optional.of("/deployments/missing.jar")))
                .containsExactly("/deployments/missing.jar is not in any layer",
                        "exposed ports are [8081/tcp], expected [9999/tcp]");
    }

    @Test
    void gpuWorkerLeavesTheCpuLibtorchOutAndBakesInTheGivenCudaBuild() throws Exception {
        Path lib = Files.createDirectories(work.resolve("worker-lib"));
        Files.writeString(lib.resolve("model-core-0.1.0.jar"), "jar");
        Files.writeString(lib.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"), "jar");
        Path workerJar = Files.writeString(work.resolve("trainer-worker-0.1.0.jar"), "jar");
        Path libtorch = Files.createDirectories(work.resolve("libtorch/lib"));
        Files.writeString(libtorch.resolve("libtorch_cuda.so"), "so");

        Path cpuTarball = work.resolve("images/trainer-worker.tar");
        Path gpuTarball = work.resolve("images/trainer-worker-gpu.tar");
        ImageBuilder builder = new ImageBuilder(work.resolve("cache"));
        builder.build(TunelineImages.worker(TunelineImages.Variant.CPU, workerJar, lib, Optional.empty(), "cu128", info),
                cpuTarball);
        builder.build(TunelineImages.worker(TunelineImages.Variant.GPU, workerJar, lib,
                Optional.of(libtorch.getParent()), "cu128", info), gpuTarball);
        ImageTarball.Contents cpu = ImageTarball.read(cpuTarball);
        ImageTarball.Contents gpu = ImageTarball.read(gpuTarball);

        // The command trainer-service gives training Jobs by default.
        assertThat(cpu.config().entrypoint()).containsExactly("/opt/java/openjdk/bin/java", "-cp",
                "/deployments/lib/worker/*", "io.tuneline.worker.WorkerMain");
        assertThat(cpu.paths()).contains("/deployments/lib/worker/pytorch-native-cpu-2.7.1-linux-x86_64.jar",
                "/deployments/lib/worker/trainer-worker-0.1.0.jar");
        assertThat(ImageCheck.problems(cpu, Optional.empty(),
                Optional.of("/deployments/lib/worker/trainer-worker-0.1.0.jar"))).isEmpty();
        assertThat(gpu.paths()).contains("/opt/libtorch/lib/libtorch_cuda.so", "/deployments/lib/worker/model-core-0.1.0.jar")
                .doesNotContain("/deployments/lib/worker/pytorch-native-cpu-2.7.1-linux-x86_64.jar");
        assertThat(gpu.config().environment())
                .containsEntry("PYTORCH_LIBRARY_PATH", "/opt/libtorch/lib")
                .containsEntry("PYTORCH_FLAVOR", "cu128");
        assertThat(gpu.config().labels()).containsEntry("org.opencontainers.image.title", "trainer-worker-gpu");
    }

    private static Path fakeQuarkusApp(Path app) throws IOException {
        Files.writeString(Files.createDirectories(app.resolve("lib/boot")).resolve("boot.jar"), "boot");
        Files.writeString(Files.createDirectories(app.resolve("lib/main")).resolve("dependency.jar"), "dependency");
        Files.writeString(Files.createDirectories(app.resolve("quarkus")).resolve("generated-bytecode.jar"), "generated");
        Files.writeString(Files.createDirectories(app.resolve("app")).resolve("dataset-service.jar"), "application");
        Files.writeString(app.resolve("quarkus-run.jar"), "runner");
        return app;
    }
}

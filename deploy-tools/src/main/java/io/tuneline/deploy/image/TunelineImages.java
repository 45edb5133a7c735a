package io.tuneline.deploy.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The images Tuneline ships and what they have in common: Java at the path eclipse-temurin uses, the application
 * under {@code /deployments}, a non-root numeric user, JVM flags that size the heap from the container's memory
 * limit, and temporary files (Vert.x, DJL's native library cache) under {@code /tmp}, which the chart mounts as a
 * writable emptyDir on top of a read-only root file system.
 */
public final class TunelineImages {

    public static final String APP_DIR = "/deployments";
    public static final String JAVA_HOME = "/opt/java/openjdk";
    public static final String JAVA = JAVA_HOME + "/bin/java";
    /** Quarkus' conventional non-root uid; numeric so that {@code runAsNonRoot} can verify it. */
    public static final String USER = "185:185";
    /**
     * Heap = 75 % of the container limit (the JVM reads the cgroup limit; its default is 25 %), an OOM ends the
     * process so Kubernetes restarts it instead of leaving a half-dead JVM. In JDK_JAVA_OPTIONS, not in the
     * entrypoint, so a Deployment can override it with one variable.
     */
    public static final String JVM_OPTIONS =
            "-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp";
    public static final String WORKER_MAIN_CLASS = "io.tuneline.worker.WorkerMain";
    /**
     * Every jar of the worker, where trainer-service's Kubernetes executor expects them: its default Job command is
     * {@code java -cp /deployments/lib/worker/* io.tuneline.worker.WorkerMain}.
     */
    public static final String WORKER_LIB_DIR = APP_DIR + "/lib/worker";
    public static final String LIBTORCH_DIR = "/opt/libtorch";

    /** Where an image comes from: registry, tag, source revision and the base image to build on. */
    public record BuildInfo(String registry, String tag, String revision, String sourceUrl, String baseImage) {
    }

    /** The worker's two builds: DJL's CPU libtorch on the class path, or a CUDA libtorch for GPU nodes. */
    public enum Variant { CPU, GPU }

    private TunelineImages() {
    }

    /**
     * The offline base: a root file system assembled from this machine (a jlink'ed Java runtime and the shared
     * libraries it and libtorch load, see scripts/build-base-image.sh) as one layer on scratch.
     */
    public static ImageSpec base(Path rootFileSystem, String reference, BuildInfo info) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin");
        environment.put("JAVA_HOME", JAVA_HOME);
        environment.put("LANG", "C.UTF-8");
        Map<String, String> labels = labels("tuneline-base",
                "Java 17 runtime with glibc, libstdc++ and libgomp for Tuneline's services and worker", info);
        // Jib places entries under a parent directory, so "/" itself cannot be one: each top-level directory is.
        List<ImageLayer.Entry> topLevel;
        try (Stream<Path> children = Files.list(rootFileSystem)) {
            topLevel = children.sorted().map(child -> new ImageLayer.Entry(child, "/" + child.getFileName())).toList();
        }
        return new ImageSpec(reference, ImageSpec.SCRATCH, List.of(new ImageLayer("root-file-system", topLevel)),
                List.of(JAVA, "-version"), environment, labels, USER, "/", Optional.empty(), ImageSpec.Format.DOCKER);
    }

    /** A Quarkus service from its fast-jar directory ({@code <module>/target/quarkus-app}). */
    public static ImageSpec quarkusService(String name, int port, Path quarkusApp, BuildInfo info) {
        requireFile(quarkusApp.resolve("quarkus-run.jar"), "the Quarkus fast-jar (run ./mvnw package on the module)");
        // Dependencies change least, Quarkus' generated classes more, the application most.
        List<ImageLayer> layers = List.of(
                ImageLayer.of("dependencies", quarkusApp.resolve("lib"), APP_DIR + "/lib"),
                ImageLayer.of("quarkus", quarkusApp.resolve("quarkus"), APP_DIR + "/quarkus"),
                new ImageLayer("application", List.of(
                        new ImageLayer.Entry(quarkusApp.resolve("app"), APP_DIR + "/app"),
                        new ImageLayer.Entry(quarkusApp.resolve("quarkus-run.jar"), APP_DIR + "/quarkus-run.jar"))));
        Map<String, String> labels = labels(name, "Tuneline " + name, info);
        return new ImageSpec(reference(info, name), info.baseImage(), layers,
                List.of(JAVA, "-jar", APP_DIR + "/quarkus-run.jar"), commonEnvironment(), labels, USER, APP_DIR,
                Optional.of(port), ImageSpec.Format.OCI);
    }

    /**
     * The trainer worker: a plain jar and its runtime dependencies in {@link #WORKER_LIB_DIR}, run as
     * {@code java -cp /deployments/lib/worker/* WorkerMain} (trainer-service sets the same command). The GPU
     * variant leaves DJL's CPU libtorch out; given {@code libtorch} (an unpacked CUDA build of libtorch matching
     * DJL's PyTorch version) it bakes it in and points DJL at it, otherwise DJL downloads the CUDA build for the
     * node's driver on first start into {@code /tmp} (needs network access from the Job).
     */
    public static ImageSpec worker(Variant variant, Path workerJar, Path dependencies, Optional<Path> libtorch,
            String cudaFlavor, BuildInfo info) throws IOException {
        requireFile(workerJar, "the trainer-worker jar");
        String name = variant == Variant.CPU ? "trainer-worker" : "trainer-worker-gpu";
        List<ImageLayer.Entry> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dependencies)) {
            files.filter(file -> file.getFileName().toString().endsWith(".jar"))
                    .filter(file -> variant == Variant.CPU || !file.getFileName().toString().startsWith("pytorch-native-cpu"))
                    .sorted()
                    .forEach(file -> jars.add(new ImageLayer.Entry(file, WORKER_LIB_DIR + "/" + file.getFileName())));
        }
        List<ImageLayer> layers = new ArrayList<>();
        Map<String, String> environment = commonEnvironment();
        Map<String, String> labels = labels(name, variant == Variant.CPU
                ? "Tuneline trainer worker (one fine-tuning run), CPU libtorch"
                : "Tuneline trainer worker (one fine-tuning run), CUDA libtorch", info);
        if (variant == Variant.GPU) {
            if (libtorch.isPresent()) {
                layers.add(ImageLayer.of("libtorch-cuda", libtorch.get(), LIBTORCH_DIR));
                environment.put("PYTORCH_LIBRARY_PATH", LIBTORCH_DIR + "/lib");
                environment.put("PYTORCH_FLAVOR", cudaFlavor);
                labels.put("io.tuneline.libtorch", "baked in at " + LIBTORCH_DIR + " (" + cudaFlavor + ")");
            } else {
                labels.put("io.tuneline.libtorch", "downloaded by DJL on first start (not baked in)");
            }
            // The NVIDIA container runtime mounts the driver; these tell it which parts to mount.
            environment.put("NVIDIA_VISIBLE_DEVICES", "all");
            environment.put("NVIDIA_DRIVER_CAPABILITIES", "compute,utility");
        }
        layers.add(new ImageLayer("dependencies", jars));
        layers.add(ImageLayer.of("application", workerJar, WORKER_LIB_DIR + "/" + workerJar.getFileName()));
        return new ImageSpec(reference(info, name), info.baseImage(), layers,
                List.of(JAVA, "-cp", WORKER_LIB_DIR + "/*", WORKER_MAIN_CLASS),
                environment, labels, USER, APP_DIR, Optional.empty(), ImageSpec.Format.OCI);
    }

    public static String reference(BuildInfo info, String name) {
        return info.registry() + "/" + name + ":" + info.tag();
    }

    private static Map<String, String> commonEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("JDK_JAVA_OPTIONS", JVM_OPTIONS);
        environment.put("HOME", "/tmp");
        // DJL extracts libtorch (~430 MB for CPU) here on first use: the writable temp volume, not the image.
        environment.put("DJL_CACHE_DIR", "/tmp/djl");
        return environment;
    }

    private static Map<String, String> labels(String title, String description, BuildInfo info) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", title);
        labels.put("org.opencontainers.image.description", description);
        labels.put("org.opencontainers.image.version", info.tag());
        labels.put("org.opencontainers.image.revision", info.revision());
        labels.put("org.opencontainers.image.source", info.sourceUrl());
        labels.put("org.opencontainers.image.vendor", "Tuneline");
        // A tar:// base is a local file: its path means nothing to whoever pulls the image.
        labels.put("org.opencontainers.image.base.name", info.baseImage().startsWith("tar://")
                ? "tuneline/base-jre:17 (assembled offline from the build machine)" : info.baseImage());
        return labels;
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("missing " + file + ": " + what);
        }
    }
}

package io.tuneline.cli.stack;

import java.nio.file.Path;
import java.util.List;

/** The five Tuneline services, each a Maven module of the same name. */
public enum Service {
    // Heaps bounded per job: uploads stream and spool to disk; template-service holds the tokenizer (native) and
    // one render at a time; the model services keep weights and activations in libtorch's native memory, so their
    // Java heap holds only batches, tokenized text and bookkeeping.
    DATASET("dataset-service", "384m"),
    TEMPLATE("template-service", "512m"),
    TRAINER("trainer-service", "1g"),
    EVAL("eval-service", "768m"),
    INFERENCE("inference-service", "768m");

    private final String moduleName;
    private final String maxHeap;

    Service(String moduleName, String maxHeap) {
        this.moduleName = moduleName;
        this.maxHeap = maxHeap;
    }

    /** The Java heap limit ({@code -Xmx}) the launcher gives the service. */
    public String maxHeap() {
        return maxHeap;
    }

    /** A bounded heap, and an exhausted one ends the JVM (so the launcher sees it and restarts it). */
    public List<String> jvmOptions() {
        return List.of("-Xmx" + maxHeap, "-XX:+ExitOnOutOfMemoryError");
    }

    public String moduleName() {
        return moduleName;
    }

    /** The runnable jar that Quarkus packages for the module ({@code fast-jar} layout). */
    public Path runnableJar(Path repoRoot) {
        return repoRoot.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}

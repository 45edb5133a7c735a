package io.tuneline.eval.testing;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import io.tuneline.eval.evaluation.GenerationSettings;
import io.tuneline.eval.service.GeneratorFactory;
import io.tuneline.eval.service.T5GeneratorFactory;
import io.tuneline.evaluation.generation.ModelLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Models without weights, for the tests that {@link #enable()} them: a "model folder" in S3 holds
 * {@code answers.json}, a map from prompt to output, and the scripted model answers every prompt from it
 * ({@value #UNKNOWN} for prompts it has no answer to). The folder travels the real way (S3, the model cache); the
 * outputs are scored by the real ROUGE and exact match. Otherwise real T5 checkpoints generate.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ScriptedModels implements GeneratorFactory {

    public static final String ANSWERS = "answers.json";
    public static final String UNKNOWN = "no idea";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, AtomicInteger> generatedPrompts = new ConcurrentHashMap<>();
    private final T5GeneratorFactory real = new T5GeneratorFactory();
    private volatile boolean enabled;

    public void enable() {
        enabled = true;
    }

    public void disable() {
        enabled = false;
    }

    @Override
    public ModelLoader loader(GenerationSettings settings) {
        return enabled ? this::scripted : real.loader(settings);
    }

    /** How many prompts the model folder whose path ends with {@code suffix} answered so far. */
    public int promptsAnswered(String suffix) {
        String folder = suffix.endsWith("/") ? suffix.substring(0, suffix.length() - 1) : suffix;
        return generatedPrompts.entrySet().stream()
                .filter(entry -> entry.getKey().endsWith(folder))
                .mapToInt(entry -> entry.getValue().get())
                .sum();
    }

    private ScriptedGenerator scripted(Path dir) {
        Map<String, String> answers = answers(dir);
        String path = dir.toString();
        String name = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return new ScriptedGenerator(prompt -> answers.getOrDefault(prompt, UNKNOWN),
                generatedPrompts.computeIfAbsent(name, ignored -> new AtomicInteger()));
    }

    private static Map<String, String> answers(Path dir) {
        try {
            return JSON.readValue(Files.readAllBytes(dir.resolve(ANSWERS)), new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("not a scripted model: " + dir, e);
        }
    }
}

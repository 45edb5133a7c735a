package io.tuneline.eval.service;

import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.eval.config.EvalConfig;
import io.tuneline.evaluation.HeldOutTask;
import io.tuneline.evaluation.PromptFile;
import io.tuneline.evaluation.TestExample;
import io.tuneline.evaluation.metrics.Metric;
import io.tuneline.storage.ObjectStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Prompt files in S3 (template-service's split files, the forgetting suite's tasks) as test examples. */
@ApplicationScoped
public class TestSets {

    private final ObjectStore store;
    private final EvalConfig config;

    TestSets(ObjectStore store, EvalConfig config) {
        this.store = store;
        this.config = config;
    }

    /**
     * @throws io.tuneline.evaluation.InvalidPromptFileException naming the line of a bad row
     * @throws io.tuneline.storage.ObjectNotFoundException       when there is no such file
     */
    public List<TestExample> read(ObjectRef file) {
        try (InputStream in = store.get(file.bucket(), file.key())) {
            return PromptFile.read(new InputStreamReader(in, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The configured forgetting suite, each task cut to its limit. */
    public List<HeldOutTask> forgettingSuite() {
        List<HeldOutTask> tasks = new ArrayList<>();
        for (EvalConfig.HeldOutTask task : config.forgettingSuite()) {
            List<TestExample> examples = read(S3Locations.parse(task.location()));
            if (task.limit().isPresent() && examples.size() > task.limit().get()) {
                examples = examples.subList(0, task.limit().get());
            }
            tasks.add(new HeldOutTask(task.name(), Metric.fromKey(task.metric()), examples));
        }
        return tasks;
    }
}

package io.tuneline.evaluation;

import io.tuneline.evaluation.metrics.Metric;
import java.util.List;

/**
 * A task of the forgetting suite: examples of a task the fine-tuning did not train on (sentiment, review rating,
 * entity extraction, ...), scored with one metric before (base) and after (candidate).
 */
public record HeldOutTask(String name, Metric metric, List<TestExample> examples) {

    public HeldOutTask {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("held-out task " + name + " has no examples");
        }
        examples = List.copyOf(examples);
    }
}

package io.tuneline.eval.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished run said about itself in {@code TrainingCompleted}, kept with its evaluation so that runs can be
 * compared on cost as well as on quality.
 *
 * @param baseModel the base model as the run's spec named it
 * @param steps     optimizer steps done
 * @param metrics   the worker's final figures: {@code trainable_parameters}, {@code model_parameters},
 *                  {@code checkpoint_bytes}, {@code wall_seconds}, {@code train_tokens_per_second},
 *                  {@code mix_fraction}, {@code lora_r}, {@code peak_rss_bytes}, losses (absent ones are unknown)
 */
public record TrainingSummary(String baseModel, long steps, Map<String, Double> metrics) {

    public TrainingSummary {
        Map<String, Double> known = new LinkedHashMap<>();
        if (metrics != null) {
            metrics.forEach((name, value) -> {
                if (value != null) {
                    known.put(name, value);
                }
            });
        }
        metrics = Collections.unmodifiableMap(known);
    }
}

package io.tuneline.worker.progress;

import java.util.Map;

/**
 * A finished run: {@code bestCheckpoint} is the folder with the lowest validation loss ({@code lastCheckpoint},
 * the {@code final} folder, when there is no validation file), {@code metrics} holds {@code train_loss},
 * {@code best_validation_loss}, {@code final_validation_loss}, {@code train_tokens_per_second},
 * {@code skipped_steps}, {@code truncated_prompts}, {@code truncated_completions}, {@code wall_seconds},
 * {@code trainable_parameters} (the adapter's only for LoRA), {@code model_parameters} (the base model's),
 * {@code checkpoint_bytes} (the final folder's model or adapter files, without trainer state),
 * {@code mix_fraction} (the share of mixed-in general-task examples, 0 for single-task), {@code lora_r} (LoRA runs) and, on Linux,
 * {@code peak_rss_bytes} (the worker process's peak resident memory).
 */
public record RunResult(String runId, long steps, double finalLoss, String bestCheckpoint, String lastCheckpoint,
        Map<String, Double> metrics) {
}

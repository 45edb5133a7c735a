package io.tuneline.cli.stack;

import io.tuneline.contracts.events.TrainingProgress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The line the story prints for a run that watched general-task validation: both validation losses at every
 * evaluation, the limit the general one had to stay under, and the step the trainer kept — the trade-off the
 * checkpoint selection made, in the run's own figures.
 */
final class CheckpointChoice {

    private CheckpointChoice() {
    }

    /** Empty for a run without general validation (its result has no {@code start_general_validation_loss}). */
    static Optional<String> describe(List<TrainingProgress> progress, Map<String, Double> metrics, long steps) {
        Double start = metrics.get("start_general_validation_loss");
        Double limit = metrics.get("general_validation_loss_limit");
        Double best = metrics.get("best_step");
        if (start == null || limit == null || best == null) {
            return Optional.empty();
        }
        String evaluations = progress.stream()
                .filter(p -> p.validationLoss() != null && p.generalValidationLoss() != null)
                .map(p -> String.format(Locale.ROOT, "%d %.3f/%.3f%s", p.step(), p.validationLoss(),
                        p.generalValidationLoss(), p.generalValidationLoss() > limit ? "!" : ""))
                .collect(Collectors.joining(", "));
        Double finalValidation = metrics.get("final_validation_loss");
        Double finalGeneral = metrics.get("final_general_validation_loss");
        if (finalValidation != null && finalGeneral != null) {
            evaluations += (evaluations.isEmpty() ? "" : ", ") + String.format(Locale.ROOT, "%d %.3f/%.3f%s",
                    steps, finalValidation, finalGeneral, finalGeneral > limit ? "!" : "");
        }
        return Optional.of(String.format(Locale.ROOT, "checkpoint choice: validation loss chats/general at step %s;"
                + " general limit %.3f (the base's %.3f + %.0f %%, ! beyond): kept step %d", evaluations, limit, start,
                (limit / start - 1) * 100, Math.round(best)));
    }
}

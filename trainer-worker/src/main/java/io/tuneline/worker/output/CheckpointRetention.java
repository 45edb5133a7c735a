package io.tuneline.worker.output;

import io.tuneline.worker.output.TrainerState.CheckpointScore;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which checkpoints a run keeps: the best {@code keepBest} by the run's {@link Selection}, and always the newest.
 */
public final class CheckpointRetention {

    private static final Comparator<CheckpointScore> BY_VALIDATION_LOSS = Comparator
            .comparingDouble((CheckpointScore c) -> c.validationLoss())
            .thenComparingLong(CheckpointScore::step);

    private CheckpointRetention() {
    }

    /**
     * How "best" is decided. Without a reference general loss: the lowest validation loss. With one (the run watches
     * general-task validation files, and this is their loss before the first step): the lowest validation loss among
     * the checkpoints whose general loss is at most {@code reference · (1 + tolerance)} — the most adapted checkpoint
     * that has not visibly started to forget —, and when none is within, the one with the lowest general loss. A
     * weighted sum of the two losses would not do: the data's loss falls by several times what the general loss
     * rises, so the sum is lowest at the last checkpoint whatever it forgot.
     */
    public record Selection(Double referenceGeneralLoss, double tolerance) {

        public static final Selection BY_VALIDATION = new Selection(null, 0);

        /** The general loss a checkpoint may reach and still count as within the tolerance. */
        public double generalLossLimit() {
            return referenceGeneralLoss == null ? Double.POSITIVE_INFINITY : referenceGeneralLoss * (1 + tolerance);
        }

        /** Whether a checkpoint's general loss is within the tolerance (always, when nothing is watched). */
        public boolean withinTolerance(CheckpointScore checkpoint) {
            return checkpoint.generalValidationLoss() == null
                    || checkpoint.generalValidationLoss() <= generalLossLimit();
        }

        Comparator<CheckpointScore> bestFirst() {
            if (referenceGeneralLoss == null) {
                return BY_VALIDATION_LOSS;
            }
            Comparator<CheckpointScore> byGeneralLoss = Comparator
                    .comparingDouble((CheckpointScore c) -> c.generalValidationLoss() == null
                            ? Double.POSITIVE_INFINITY : c.generalValidationLoss())
                    .thenComparingLong(CheckpointScore::step);
            // within the tolerance first; among those the validation loss decides, among the rest the general loss
            return Comparator.comparing((CheckpointScore c) -> !withinTolerance(c))
                    .thenComparing((a, b) -> withinTolerance(a) ? BY_VALIDATION_LOSS.compare(a, b)
                            : byGeneralLoss.compare(a, b));
        }
    }

    /** The checkpoint with the lowest validation loss (the earlier one on a tie), if any has a loss. */
    public static Optional<CheckpointScore> best(List<CheckpointScore> checkpoints) {
        return best(checkpoints, Selection.BY_VALIDATION);
    }

    /** The best checkpoint by {@code selection} (the earlier one on a tie), if any has a validation loss. */
    public static Optional<CheckpointScore> best(List<CheckpointScore> checkpoints, Selection selection) {
        return checkpoints.stream().filter(c -> c.validationLoss() != null).min(selection.bestFirst());
    }

    /** The checkpoints to keep by validation loss, in step order. */
    public static List<CheckpointScore> kept(List<CheckpointScore> checkpoints, int keepBest) {
        return kept(checkpoints, keepBest, Selection.BY_VALIDATION);
    }

    /** The checkpoints to keep, the best {@code keepBest} by {@code selection} and the newest, in step order. */
    public static List<CheckpointScore> kept(List<CheckpointScore> checkpoints, int keepBest, Selection selection) {
        Set<String> keep = new HashSet<>();
        checkpoints.stream().filter(c -> c.validationLoss() != null).sorted(selection.bestFirst()).limit(keepBest)
                .forEach(c -> keep.add(c.name()));
        checkpoints.stream().max(Comparator.comparingLong(CheckpointScore::step)).ifPresent(c -> keep.add(c.name()));
        return checkpoints.stream().filter(c -> keep.contains(c.name()))
                .sorted(Comparator.comparingLong(CheckpointScore::step)).toList();
    }
}

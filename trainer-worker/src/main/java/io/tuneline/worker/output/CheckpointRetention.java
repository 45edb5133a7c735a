package io.tuneline.worker.output;

import io.tuneline.worker.output.TrainerState.CheckpointScore;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Which checkpoints a run keeps: the best {@code keepBest} by validation loss, and always the newest. */
public final class CheckpointRetention {

    private static final Comparator<CheckpointScore> BEST_FIRST = Comparator
            .comparingDouble((CheckpointScore c) -> c.validationLoss())
            .thenComparingLong(CheckpointScore::step);

    private CheckpointRetention() {
    }

    /** The checkpoint with the lowest validation loss (the earlier one on a tie), if any has a loss. */
    public static Optional<CheckpointScore> best(List<CheckpointScore> checkpoints) {
        return checkpoints.stream().filter(c -> c.validationLoss() != null).min(BEST_FIRST);
    }

    /** The checkpoints to keep, in step order. */
    public static List<CheckpointScore> kept(List<CheckpointScore> checkpoints, int keepBest) {
        Set<String> keep = new HashSet<>();
        checkpoints.stream().filter(c -> c.validationLoss() != null).sorted(BEST_FIRST).limit(keepBest)
                .forEach(c -> keep.add(c.name()));
        checkpoints.stream().max(Comparator.comparingLong(CheckpointScore::step)).ifPresent(c -> keep.add(c.name()));
        return checkpoints.stream().filter(c -> keep.contains(c.name()))
                .sorted(Comparator.comparingLong(CheckpointScore::step)).toList();
    }
}

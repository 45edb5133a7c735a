package io.tuneline.corpus.general;

import io.tuneline.corpus.text.Picker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How often each general task occurs in a mixture, in whole percent of its examples, in {@link GeneralTasks#TASKS}
 * order.
 *
 * <p>{@link #PRE_TRAINING} is the mix the base model was pre-trained on. A fine-tuning run that replays general
 * examples so as not to forget them uses {@link #towards}: the general task that does the same job as the
 * fine-tuning data (summarizing a dialogue, when the data are support chats) is the one the new data pulls hardest
 * on, because its prompts look like the new ones but want answers in the old style; giving it a larger share of the
 * replay keeps its old answers, while the other tasks keep their pre-training proportions among themselves.
 *
 * @param percents one share per task of {@link GeneralTasks#TASKS}, in that order, summing to 100
 */
public record TaskMix(List<Integer> percents) {

    /** Summaries are the longest and hardest task, so they have the largest share. */
    public static final TaskMix PRE_TRAINING = new TaskMix(List.of(30, 10, 12, 10, 12, 12, 14));

    public TaskMix {
        percents = List.copyOf(percents);
        if (percents.size() != GeneralTasks.TASKS.size()) {
            throw new IllegalArgumentException("a task mix has one share per task " + GeneralTasks.TASKS + ", not "
                    + percents.size());
        }
        if (percents.stream().anyMatch(p -> p < 0) || percents.stream().mapToInt(Integer::intValue).sum() != 100) {
            throw new IllegalArgumentException("a task mix's shares are percents summing to 100: " + percents);
        }
    }

    /**
     * This mix with {@code task} at {@code percent} and every other task sharing the rest in proportion to its share
     * here (largest remainders rounded up, so that the shares still sum to 100).
     */
    public TaskMix towards(String task, int percent) {
        int focus = taskIndex(task);
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a share is a percent from 0 to 100, not " + percent);
        }
        int othersBefore = 100 - percents.get(focus);
        int othersAfter = 100 - percent;
        int[] shares = new int[percents.size()];
        double[] remainders = new double[percents.size()];
        int given = percent;
        shares[focus] = percent;
        for (int i = 0; i < shares.length; i++) {
            if (i == focus) {
                continue;
            }
            double exact = othersBefore == 0 ? (double) othersAfter / (shares.length - 1)
                    : (double) percents.get(i) * othersAfter / othersBefore;
            shares[i] = (int) Math.floor(exact);
            remainders[i] = exact - shares[i];
            given += shares[i];
        }
        List<Integer> byRemainder = new ArrayList<>();
        for (int i = 0; i < shares.length; i++) {
            if (i != focus) {
                byRemainder.add(i);
            }
        }
        byRemainder.sort(Comparator.comparingDouble((Integer i) -> remainders[i]).reversed()
                .thenComparing(Comparator.naturalOrder()));
        for (int k = 0; given < 100; k++, given++) {
            shares[byRemainder.get(k)]++;
        }
        return new TaskMix(Arrays.stream(shares).boxed().toList());
    }

    /** The share of {@code task}, in percent. */
    public int percentOf(String task) {
        return percents.get(taskIndex(task));
    }

    private static int taskIndex(String task) {
        int index = GeneralTasks.TASKS.indexOf(task);
        if (index < 0) {
            throw new IllegalArgumentException("unknown general task '" + task + "', known: " + GeneralTasks.TASKS);
        }
        return index;
    }

    /** Shares by task name, for reports. */
    public Map<String, Integer> byTask() {
        Map<String, Integer> byTask = new LinkedHashMap<>();
        for (int i = 0; i < percents.size(); i++) {
            byTask.put(GeneralTasks.TASKS.get(i), percents.get(i));
        }
        return byTask;
    }

    /** One task drawn with these shares (one roll of 0 to 99, as the pre-training corpus was drawn). */
    String draw(Picker pick) {
        int roll = pick.between(0, 99);
        int task = 0;
        int cumulative = percents.get(0);
        while (roll >= cumulative) {
            task++;
            cumulative += percents.get(task);
        }
        return GeneralTasks.TASKS.get(task);
    }
}

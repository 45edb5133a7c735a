package io.tuneline.corpus.general;

import io.tuneline.corpus.prompt.Instructions;
import io.tuneline.corpus.prompt.PromptExample;
import io.tuneline.corpus.text.Picker;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The general instruction tasks the base model is pre-trained on, rendered as prompt/completion pairs.
 *
 * <p>Every possible prompt belongs to exactly one of three parts, decided by a stable hash of its text: the
 * training part (nine prompts in ten), the held-out part and the validation part (one in twenty each; together the
 * tenth that pre-training never saw). So held-out files never share a prompt with any pre-training corpus or replay
 * pool, and validation files (what a fine-tuning run watches its forgetting with) never share one with either,
 * whatever the seeds.
 */
public final class GeneralTasks {

    public static final String REVIEW_RATING = "review_rating";
    public static final String REVIEW_TITLE = "review_title";
    public static final String SENTIMENT = "sentiment";
    public static final String NAMED_ENTITIES = "named_entity_extraction";
    public static final String ENTITY_QUESTION = "entity_question";
    public static final String DIALOGUE_TOPIC = "dialogue_topic";
    public static final String DIALOGUE_SUMMARY = "dialogue_summarization";

    /** Every task name, in mixture order. */
    public static final List<String> TASKS = List.of(DIALOGUE_SUMMARY, DIALOGUE_TOPIC, REVIEW_RATING, REVIEW_TITLE,
            SENTIMENT, NAMED_ENTITIES, ENTITY_QUESTION);

    static final int HELD_OUT_MODULUS = 10;

    /**
     * Which part of the prompt space to draw from. The held-out and validation parts split what was the held-out
     * tenth before 2026-12-06, so the training part (and the committed base model's pre-training) is unchanged.
     */
    public enum Part { TRAIN, HELD_OUT, VALIDATION }

    private GeneralTasks() {
    }

    /** {@code count} distinct examples of the pre-training mixture ({@link TaskMix#PRE_TRAINING}) from {@code part}. */
    public static List<PromptExample> mixture(int count, long seed, Part part) {
        return mixture(count, seed, part, TaskMix.PRE_TRAINING);
    }

    /** {@code count} distinct examples from {@code part}, each task drawn with its share in {@code mix}. */
    public static List<PromptExample> mixture(int count, long seed, Part part, TaskMix mix) {
        Picker pick = new Picker(seed);
        Set<String> prompts = new LinkedHashSet<>();
        List<PromptExample> examples = new ArrayList<>(count);
        while (examples.size() < count) {
            PromptExample example = example(mix.draw(pick), pick);
            if (partOf(example.prompt()) == part && prompts.add(example.prompt())) {
                examples.add(example);
            }
        }
        return examples;
    }

    /** {@code perTask} distinct held-out examples of every task, task after task. */
    public static List<PromptExample> heldOut(int perTask, long seed) {
        return perTask(perTask, seed, Part.HELD_OUT);
    }

    /**
     * {@code perTask} distinct examples of every task from the validation part, task after task: general-task
     * validation prompts for a fine-tuning run, disjoint from pre-training, replay pools and held-out suites.
     */
    public static List<PromptExample> validation(int perTask, long seed) {
        return perTask(perTask, seed, Part.VALIDATION);
    }

    private static List<PromptExample> perTask(int perTask, long seed, Part part) {
        if (part == Part.TRAIN) {
            throw new IllegalArgumentException("per-task files come from the held-out or validation part");
        }
        Picker pick = new Picker(seed);
        List<PromptExample> examples = new ArrayList<>();
        for (String task : TASKS) {
            Set<String> prompts = new LinkedHashSet<>();
            while (prompts.size() < perTask) {
                PromptExample example = example(task, pick);
                if (partOf(example.prompt()) == part && prompts.add(example.prompt())) {
                    examples.add(example);
                }
            }
        }
        return examples;
    }

    /** The part a prompt belongs to; {@link String#hashCode()} is specified, so this never changes. */
    public static Part partOf(String prompt) {
        int bucket = Math.floorMod(prompt.hashCode(), 2 * HELD_OUT_MODULUS);
        if (bucket % HELD_OUT_MODULUS != 0) {
            return Part.TRAIN;
        }
        return bucket == 0 ? Part.HELD_OUT : Part.VALIDATION;
    }

    /** One example of {@code task}. */
    public static PromptExample example(String task, Picker pick) {
        return switch (task) {
            case REVIEW_RATING -> {
                Reviews.Review review = Reviews.next(pick);
                yield new PromptExample(Instructions.reviewRating(pick, review.title(), review.text()),
                        String.valueOf(review.stars()), task, PromptExample.EXACT_MATCH);
            }
            case REVIEW_TITLE -> {
                Reviews.Review review = Reviews.next(pick);
                yield new PromptExample(Instructions.reviewTitle(pick, review.text()), review.title(), task,
                        PromptExample.ROUGE);
            }
            case SENTIMENT -> {
                Sentiments.Sentence sentence = Sentiments.next(pick);
                yield new PromptExample(Instructions.sentiment(pick, sentence.text()), sentence.label(), task,
                        PromptExample.EXACT_MATCH);
            }
            case NAMED_ENTITIES -> {
                Entities.Tagged tagged = Entities.nextTagged(pick);
                yield new PromptExample(Instructions.namedEntities(pick, tagged.text()), tagged.entities(), task,
                        PromptExample.ROUGE);
            }
            case ENTITY_QUESTION -> {
                Entities.Question question = Entities.nextQuestion(pick);
                yield new PromptExample(Instructions.question(pick, question.text(), question.question()),
                        question.answer(), task, PromptExample.EXACT_MATCH);
            }
            case DIALOGUE_TOPIC -> {
                Dialogue dialogue = EverydayDialogues.next(pick);
                yield new PromptExample(Instructions.dialogueTopic(pick, dialogue.text()), dialogue.topic(), task,
                        PromptExample.EXACT_MATCH);
            }
            case DIALOGUE_SUMMARY -> {
                Dialogue dialogue = EverydayDialogues.next(pick);
                yield new PromptExample(Instructions.summarizeDialogue(pick, dialogue.text()), dialogue.summary(),
                        task, PromptExample.ROUGE);
            }
            default -> throw new IllegalArgumentException("unknown general task '" + task + "', known: " + TASKS);
        };
    }
}

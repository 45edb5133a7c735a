package io.tuneline.evaluation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * In-context prompts as the FLAN papers and the seed course build them: solved training examples
 * ({@code prompt}, newline, {@code completion}) before the test prompt, separated by blank lines. The same seeded
 * choice of training examples serves every test example; shots that do not fit the input limit are dropped from
 * the end, so a long test prompt may get fewer (or no) shots.
 */
public final class FewShotPrompts {

    static final String SEPARATOR = "\n\n\n";

    private final List<TestExample> shots;
    private final int maxInputTokens;
    private final ToIntFunction<String> tokenCounter;

    /**
     * @param pool         training examples to draw from
     * @param seed         seed of the draw
     * @param tokenCounter input tokens of a text as the model counts them
     */
    public FewShotPrompts(List<TestExample> pool, long seed, int maxInputTokens, ToIntFunction<String> tokenCounter) {
        List<TestExample> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(seed));
        this.shots = shuffled;
        this.maxInputTokens = maxInputTokens;
        this.tokenCounter = tokenCounter;
    }

    /** A prompt with up to {@code k} solved examples before the test prompt. */
    public Prompt build(TestExample example, int k) {
        List<TestExample> chosen = shots.stream().filter(s -> !s.exampleId().equals(example.exampleId()))
                .limit(k).toList();
        for (int used = chosen.size(); used > 0; used--) {
            String prompt = join(chosen.subList(0, used), example.prompt());
            if (tokenCounter.applyAsInt(prompt) <= maxInputTokens) {
                return new Prompt(prompt, used);
            }
        }
        return new Prompt(example.prompt(), 0);
    }

    private static String join(List<TestExample> solved, String prompt) {
        StringBuilder text = new StringBuilder();
        for (TestExample shot : solved) {
            text.append(shot.prompt()).append('\n').append(shot.completion()).append(SEPARATOR);
        }
        return text.append(prompt).toString();
    }

    /** The text sent to the model and how many solved examples it holds. */
    public record Prompt(String text, int shots) {
    }
}

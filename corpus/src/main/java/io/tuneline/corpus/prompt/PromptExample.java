package io.tuneline.corpus.prompt;

/**
 * One instruction example: the rendered prompt, the expected completion, the task it belongs to and how an
 * answer is scored ({@code exact-match} or {@code rouge}).
 */
public record PromptExample(String prompt, String completion, String task, String metric) {

    public static final String EXACT_MATCH = "exact-match";
    public static final String ROUGE = "rouge";
}

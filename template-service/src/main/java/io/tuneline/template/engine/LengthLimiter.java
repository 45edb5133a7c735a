package io.tuneline.template.engine;

import io.tuneline.template.library.PromptTemplate;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps prompts within the model's input limit by shortening only the task's data field (the dialogue, the
 * review) at a token boundary that is also a word boundary, and rendering again, so the instruction is never cut.
 */
public final class LengthLimiter {

    private final TemplateEngine engine;
    private final PromptTokenizer tokenizer;
    private final int maxInputTokens;

    public LengthLimiter(TemplateEngine engine, PromptTokenizer tokenizer, int maxInputTokens) {
        if (maxInputTokens < 1) {
            throw new IllegalArgumentException("maxInputTokens must be positive, got " + maxInputTokens);
        }
        this.engine = engine;
        this.tokenizer = tokenizer;
        this.maxInputTokens = maxInputTokens;
    }

    public int maxInputTokens() {
        return maxInputTokens;
    }

    public FittedPrompt fit(PromptTemplate template, Map<String, Object> variables, String dataField)
            throws RenderException {
        RenderedPrompt rendered = engine.render(template, variables);
        int tokens = tokenizer.countPromptTokens(rendered.prompt());
        if (tokens <= maxInputTokens) {
            return new FittedPrompt(rendered, tokens, false, false);
        }
        Object value = dataField == null ? null : variables.get(dataField);
        if (!(value instanceof String text) || text.isEmpty()) {
            return new FittedPrompt(rendered, tokens, false, true);
        }
        int fieldTokens = tokenizer.countTextTokens(text);
        // The overflow is a good first guess; token merges at the cut can make it a token or two short.
        int guess = Math.max(0, fieldTokens - (tokens - maxInputTokens));
        Attempt attempt = attempt(template, variables, dataField, text, guess);
        if (attempt.fits()) {
            return attempt.toFitted();
        }
        Attempt empty = attempt(template, variables, dataField, text, 0);
        if (!empty.fits()) {
            return new FittedPrompt(rendered, tokens, false, true);
        }
        int low = 0;
        int high = guess - 1;
        Attempt best = empty;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Attempt candidate = attempt(template, variables, dataField, text, middle);
            if (candidate.fits()) {
                best = candidate;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return best.toFitted();
    }

    private record Attempt(RenderedPrompt rendered, int tokens, boolean fits) {
        FittedPrompt toFitted() {
            return new FittedPrompt(rendered, tokens, true, false);
        }
    }

    private Attempt attempt(PromptTemplate template, Map<String, Object> variables, String dataField, String text,
                            int keepTokens) throws RenderException {
        Map<String, Object> shortened = new HashMap<>(variables);
        shortened.put(dataField, wholeWords(text, tokenizer.keepFirstTokens(text, keepTokens)));
        RenderedPrompt rendered = engine.render(template, shortened);
        int tokens = tokenizer.countPromptTokens(rendered.prompt());
        return new Attempt(rendered, tokens, tokens <= maxInputTokens);
    }

    /**
     * The prefix without a word cut in two: a token boundary can fall inside a word ("▁deliv" + "ery"), so the
     * cut moves back to the last whitespace. A prefix that is one unfinished word keeps nothing.
     */
    static String wholeWords(String text, String prefix) {
        int end = prefix.length();
        if (end >= text.length() || end == 0) {
            return prefix;
        }
        if (Character.isWhitespace(text.charAt(end)) || Character.isWhitespace(prefix.charAt(end - 1))) {
            return prefix.stripTrailing();
        }
        for (int i = end - 1; i > 0; i--) {
            if (Character.isWhitespace(prefix.charAt(i))) {
                return prefix.substring(0, i).stripTrailing();
            }
        }
        return "";
    }
}

package io.tuneline.template.engine;

import io.tuneline.template.library.PromptTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LengthLimiterTest {

    private static final String INSTRUCTION = "Summarize the following conversation.";
    private static final String QUESTION = "What was going on?";
    private static final PromptTemplate TEMPLATE = new PromptTemplate("t", "dialogue_summarization", "t",
            INSTRUCTION + "\n\n{{ dialogue }}\n\n" + QUESTION + "\n|||\n{{ summary }}", null, null, null, null);

    private static ModelTokenizer tokenizer;
    private final TemplateEngine engine = new TemplateEngine();

    @BeforeAll
    static void loadTokenizer() throws URISyntaxException {
        tokenizer = ModelTokenizer.load(
                Path.of(LengthLimiterTest.class.getResource("/tokenizer.json").toURI()), "test tokenizer");
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    private static Map<String, Object> dialogue(int turns) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < turns; i++) {
            text.append("#Person").append(i % 2 + 1).append("#: My router does not turn on, turn ").append(i)
                    .append(".\n");
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put("dialogue", text.toString().strip());
        variables.put("summary", "The router is broken.");
        return variables;
    }

    @Test
    void leavesPromptsWithinTheLimitAlone() throws RenderException {
        LengthLimiter limiter = new LengthLimiter(engine, tokenizer, 512);

        FittedPrompt fitted = limiter.fit(TEMPLATE, dialogue(2), "dialogue");

        assertThat(fitted.truncated()).isFalse();
        assertThat(fitted.rendered()).isEqualTo(engine.render(TEMPLATE, dialogue(2)));
        assertThat(fitted.promptTokens()).isEqualTo(tokenizer.countPromptTokens(fitted.rendered().prompt()));
    }

    @Test
    void shortensOnlyTheDataFieldAndKeepsTheInstructionWhole() throws RenderException {
        LengthLimiter limiter = new LengthLimiter(engine, tokenizer, 120);
        Map<String, Object> variables = dialogue(40);
        String original = (String) variables.get("dialogue");

        FittedPrompt fitted = limiter.fit(TEMPLATE, variables, "dialogue");

        String prompt = fitted.rendered().prompt();
        assertThat(fitted.truncated()).isTrue();
        assertThat(fitted.overLimit()).isFalse();
        assertThat(tokenizer.countPromptTokens(prompt)).isLessThanOrEqualTo(120).isEqualTo(fitted.promptTokens());
        assertThat(prompt).startsWith(INSTRUCTION + "\n\n#Person1#: My router").endsWith("\n\n" + QUESTION);
        String kept = prompt.substring(INSTRUCTION.length() + 2, prompt.length() - QUESTION.length() - 2);
        assertThat(original).startsWith(kept);
        assertThat(Character.isWhitespace(original.charAt(kept.length()))).as("cut at a word boundary").isTrue();
        assertThat(kept.length()).isLessThan(original.length());
        assertThat(fitted.rendered().completion()).isEqualTo("The router is broken.");
        // Close to the limit: the search keeps as much of the dialogue as fits.
        assertThat(fitted.promptTokens()).isGreaterThan(110);
    }

    @Test
    void countsPromptsItCannotFixAsOverTheLimit() throws RenderException {
        LengthLimiter tiny = new LengthLimiter(engine, tokenizer, 5);

        FittedPrompt fitted = tiny.fit(TEMPLATE, dialogue(3), "dialogue");
        FittedPrompt withoutDataField = tiny.fit(TEMPLATE, dialogue(3), null);

        assertThat(fitted.overLimit()).isTrue();
        assertThat(fitted.truncated()).isFalse();
        assertThat(fitted.rendered()).isEqualTo(engine.render(TEMPLATE, dialogue(3)));
        assertThat(withoutDataField.overLimit()).isTrue();
    }

    @Test
    void aCutInsideAWordMovesBackToTheWordBoundary() {
        String text = "the parcel is delivered tomorrow";
        assertThat(LengthLimiter.wholeWords(text, "the parcel is deliv")).isEqualTo("the parcel is");
        assertThat(LengthLimiter.wholeWords(text, "the parcel ")).isEqualTo("the parcel");
        assertThat(LengthLimiter.wholeWords(text, "the parcel")).isEqualTo("the parcel");
        assertThat(LengthLimiter.wholeWords(text, "the")).isEqualTo("the");
        assertThat(LengthLimiter.wholeWords(text, "th")).isEmpty();
        assertThat(LengthLimiter.wholeWords(text, text)).isEqualTo(text);
    }
}

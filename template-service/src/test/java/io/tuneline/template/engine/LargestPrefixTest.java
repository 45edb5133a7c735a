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

/**
 * Length control keeps "the largest prefix that fits": checked against a brute-force search over every
 * whole-word prefix of the data field, for every third limit (each one exact, not "close to the limit").
 */
class LargestPrefixTest {

    private static final PromptTemplate TEMPLATE = new PromptTemplate("t", "dialogue_summarization", "t",
            "Summarize the following conversation.\n\n{{ dialogue }}\n\nWhat was going on?\n|||\n{{ summary }}",
            null, null, null, null);

    private static ModelTokenizer tokenizer;
    private final TemplateEngine engine = new TemplateEngine();
    private final Map<String, Integer> promptTokensOfPrefix = new HashMap<>();

    @BeforeAll
    static void loadTokenizer() throws URISyntaxException {
        tokenizer = ModelTokenizer.load(
                Path.of(LargestPrefixTest.class.getResource("/tokenizer.json").toURI()), "test tokenizer");
    }

    @AfterAll
    static void closeTokenizer() {
        tokenizer.close();
    }

    @Test
    void keepsExactlyTheLongestWholeWordPrefixThatFitsForEveryLimit() throws RenderException {
        String dialogue = "#Person1#: My parcel was supposed to arrive on Monday, but the tracking page still says "
                + "it is in Rotterdam.\n#Person2#: I am sorry to hear that. Could you give me the order number?\n"
                + "#Person1#: It is 4471-B. I paid for express delivery, which makes this worse.\n"
                + "#Person2#: I see it: the carrier missed the connection. It will be delivered tomorrow morning.";
        int full = tokenizer.countPromptTokens(engine.render(TEMPLATE, variables(dialogue)).prompt());
        int empty = tokenizer.countPromptTokens(engine.render(TEMPLATE, variables("")).prompt());

        for (int limit = empty; limit < full; limit += 3) {
            FittedPrompt fitted = new LengthLimiter(engine, tokenizer, limit).fit(TEMPLATE, variables(dialogue),
                    "dialogue");

            String expected = largestFittingPrefix(dialogue, limit);
            assertThat(fitted.truncated()).as("limit %d", limit).isTrue();
            assertThat(fitted.rendered()).as("limit %d", limit)
                    .isEqualTo(engine.render(TEMPLATE, variables(expected)));
        }
    }

    /** Of every prefix that ends before whitespace (and the empty one), the longest whose prompt fits. */
    private String largestFittingPrefix(String text, int limit) throws RenderException {
        for (int end = text.length() - 1; end > 0; end--) {
            if (Character.isWhitespace(text.charAt(end)) && !Character.isWhitespace(text.charAt(end - 1))) {
                if (promptTokens(text.substring(0, end)) <= limit) {
                    return text.substring(0, end);
                }
            }
        }
        return "";
    }

    private int promptTokens(String prefix) throws RenderException {
        Integer known = promptTokensOfPrefix.get(prefix);
        if (known == null) {
            known = tokenizer.countPromptTokens(engine.render(TEMPLATE, variables(prefix)).prompt());
            promptTokensOfPrefix.put(prefix, known);
        }
        return known;
    }

    private static Map<String, Object> variables(String dialogue) {
        Map<String, Object> variables = new HashMap<>();
        variables.put("dialogue", dialogue);
        variables.put("summary", "The parcel is late.");
        return variables;
    }
}

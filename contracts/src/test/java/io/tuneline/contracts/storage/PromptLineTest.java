package io.tuneline.contracts.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tuneline.contracts.events.EventCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one wire shape of a rendered prompt line, and how strictly a line is read. */
class PromptLineTest {

    /** A line as template-service wrote it before the record moved here (its README's example, shortened). */
    private static final String RENDERED = "{\"prompt\":\"Dialogue:\\n#Person1#: Hi.\\n\\nWhat is a summary of this "
            + "dialogue?\",\"completion\":\"#Person1# greets.\",\"task\":\"dialogue_summarization\","
            + "\"templateId\":\"dsum-what-is-a-summary\",\"exampleId\":\"chat-17\"}";

    @Test
    void aRenderedLineReadsIntoTheRecordAndIsWrittenBackByteForByte() throws Exception {
        PromptLine line = PromptLine.parse(RENDERED);

        assertThat(line).isEqualTo(new PromptLine("Dialogue:\n#Person1#: Hi.\n\nWhat is a summary of this dialogue?",
                "#Person1# greets.", "dialogue_summarization", "dsum-what-is-a-summary", "chat-17"));
        assertThat(line.references()).isNull();
        // Written by a plain mapper (as template-service's) or the platform's: no "references" key appears.
        assertThat(new ObjectMapper().writeValueAsString(line)).isEqualTo(RENDERED);
        assertThat(EventCodec.mapper().writeValueAsString(line)).isEqualTo(RENDERED);
        assertThat(new ObjectMapper().readValue(RENDERED, PromptLine.class)).isEqualTo(line);
    }

    @Test
    void aUsersLineNeedsNoMoreThanItHasAndMayCarryReferencesAndFieldsOfItsOwn() throws Exception {
        PromptLine bare = PromptLine.parse("{\"prompt\":\"Rate it\",\"completion\":\"5\",\"source\":\"survey\","
                + "\"meta\":{\"n\":1}}");
        PromptLine withReferences = PromptLine.parse("{\"prompt\":\"Summarize: B\",\"completion\":\"b1\","
                + "\"references\":[\"b1\",\"b2\"],\"exampleId\":null}");

        assertThat(bare).isEqualTo(new PromptLine("Rate it", "5", null, null, null));
        assertThat(withReferences.references()).containsExactly("b1", "b2");
        assertThat(withReferences.exampleId()).isNull();
        assertThat(EventCodec.mapper().writeValueAsString(withReferences))
                .isEqualTo("{\"prompt\":\"Summarize: B\",\"completion\":\"b1\",\"task\":null,\"templateId\":null,"
                        + "\"exampleId\":null,\"references\":[\"b1\",\"b2\"]}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"prompt\":5,\"completion\":\"c\"}                          | 'prompt' must be a string",
            "{\"prompt\":\"p\",\"completion\":2.5}                        | 'completion' must be a string",
            "{\"prompt\":\"p\",\"completion\":\"c\",\"task\":true}        | 'task' must be a string",
            "{\"prompt\":\"p\",\"completion\":{\"text\":\"c\"}}           | 'completion' must be a string",
            "{\"prompt\":\"p\",\"completion\":\"c\",\"exampleId\":[\"a\"]} | 'exampleId' must be a string",
            "{\"prompt\":\"p\",\"completion\":\"c\",\"exampleId\":17}     | 'exampleId' must be a string",
            "{\"prompt\":\"p\",\"references\":\"c\"}                      | 'references' must be a list of strings",
            "{\"prompt\":\"p\",\"references\":[\"a\",3]}                  | 'references' must be a list of strings",
            "{\"prompt\":\"p\",\"references\":[\"a\",null]}               | 'references' must be a list of strings",
            "{\"prompt\":\"p\",\"references\":{\"a\":\"b\"}}              | 'references' must be a list of strings",
            "[\"p\",\"c\"]                                                | expected a JSON object",
            "42                                                           | expected a JSON object",
            "\"p\"                                                        | expected a JSON object",
            "null                                                         | expected a JSON object",
    })
    void aFieldOfTheWrongTypeIsRefusedByName(String json, String reason) {
        assertThatThrownBy(() -> PromptLine.parse(json))
                .isInstanceOfSatisfying(MalformedPromptLineException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{oops", "{\"prompt\":\"p\"", "prompt: p"})
    void textThatIsNotJsonIsRefusedWithTheParsersWords(String json) {
        assertThatThrownBy(() -> PromptLine.parse(json))
                .isInstanceOfSatisfying(MalformedPromptLineException.class, e -> assertThat(e.reason())
                        .startsWith("not valid JSON: ").hasSizeGreaterThan("not valid JSON: ".length()));
    }
}

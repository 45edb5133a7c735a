package io.tuneline.evaluation.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NLTK 3.8's {@code PorterStemmer()} on 683 words (fixture {@code rouge/porter_stem_golden.json}). */
class PorterStemmerTest {

    private final PorterStemmer stemmer = new PorterStemmer();

    @Test
    void everyWordStemsExactlyAsNltk() {
        JsonNode golden = RougeGoldenTest.read(String.join("\n", RougeGoldenTest.lines("/rouge/porter_stem_golden.json")));
        List<String> mismatches = new ArrayList<>();
        for (JsonNode pair : golden.get("pairs")) {
            String word = pair.get(0).asText();
            String actual = stemmer.stem(word);
            if (!actual.equals(pair.get(1).asText())) {
                mismatches.add(word + " -> " + actual + " (NLTK: " + pair.get(1).asText() + ")");
            }
        }
        assertThat(golden.get("pairs").size()).isEqualTo(683);
        assertThat(mismatches).isEmpty();
    }

    @Test
    void nltkExtensionsDifferFromThePaper() {
        assertThat(stemmer.stem("dies")).isEqualTo("die");     // paper: di
        assertThat(stemmer.stem("flies")).isEqualTo("fli");
        assertThat(stemmer.stem("enjoy")).isEqualTo("enjoy");  // paper: enjoi
        assertThat(stemmer.stem("dying")).isEqualTo("die");    // irregular form
        assertThat(stemmer.stem("geology")).isEqualTo("geolog");
        assertThat(stemmer.stem("is")).isEqualTo("is");        // two letters stay
    }
}

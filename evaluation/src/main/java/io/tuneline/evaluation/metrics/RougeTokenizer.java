package io.tuneline.evaluation.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * rouge-score's default tokenizer: lowercase, every run of characters outside ASCII {@code [a-z0-9]} separates
 * tokens (so non-ASCII letters, digits and punctuation all split words), and with stemming on, tokens longer
 * than three characters go through the {@link PorterStemmer}.
 */
public final class RougeTokenizer {

    private static final PorterStemmer STEMMER = new PorterStemmer();

    private final boolean useStemmer;

    public RougeTokenizer(boolean useStemmer) {
        this.useStemmer = useStemmer;
    }

    public List<String> tokenize(String text) {
        // Python's str.lower() and Java's ROOT lowercasing agree on what matters here (U+0130, KELVIN SIGN).
        String lower = text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean alnum = i < lower.length() && isAsciiAlphanumeric(lower.charAt(i));
            if (alnum && start < 0) {
                start = i;
            } else if (!alnum && start >= 0) {
                String token = lower.substring(start, i);
                tokens.add(useStemmer && token.length() > 3 ? STEMMER.stem(token) : token);
                start = -1;
            }
        }
        return tokens;
    }

    /**
     * The sentences rouge-score's ROUGE-Lsum sees: the text split on {@code \n} only, empty lines dropped
     * (a line of punctuation stays, with no tokens).
     */
    public List<List<String>> tokenizeLines(String text) {
        List<List<String>> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(tokenize(line));
            }
        }
        return lines;
    }

    private static boolean isAsciiAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}

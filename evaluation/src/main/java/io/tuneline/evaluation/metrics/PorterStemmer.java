package io.tuneline.evaluation.metrics;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The Porter stemmer as NLTK's {@code PorterStemmer()} applies it in its default {@code NLTK_EXTENSIONS} mode,
 * the stemmer rouge-score uses. Written from Porter's paper (1980) and NLTK's documented departures from it:
 * a table of irregular forms, words of one or two letters left alone, {@code -ies}/{@code -ied} on four-letter
 * words becoming {@code -ie}, {@code y -> i} only after a consonant that is not the first letter, {@code -alli}
 * handled before the other step-2 rules, {@code -bli -> -ble}, {@code -fulli -> -ful}, {@code -logi -> -log}
 * with the {@code l} counted in the stem, and two-letter stems "vowel consonant" counting as *o.
 *
 * <p>Input must be lowercase; the stemmer is stateless and thread-safe.
 */
public final class PorterStemmer {

    /** NLTK's irregular forms: the word maps straight to its stem and skips the steps. */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"),
            Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
            Map.entry("news", "news"),
            Map.entry("innings", "inning"), Map.entry("inning", "inning"),
            Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
            Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    /** A suffix rule: replace {@code suffix} by {@code replacement} when the remaining stem passes. */
    private record Rule(String suffix, String replacement, Predicate<String> condition) {
    }

    public String stem(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String stem = step1a(word);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = step3(stem);
        stem = step4(stem);
        stem = step5a(stem);
        return step5b(stem);
    }

    // --- letters and measures -------------------------------------------------------------------------------

    /** Porter's consonant: not a, e, i, o, u, and y only when it does not follow a consonant. */
    static boolean isConsonant(CharSequence word, int i) {
        char c = word.charAt(i);
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        if (c == 'y') {
            return i == 0 || !isConsonant(word, i - 1);
        }
        return true;
    }

    /** Porter's m: the number of vowel-to-consonant transitions in [C](VC)^m[V]. */
    static int measure(String stem) {
        int m = 0;
        for (int i = 1; i < stem.length(); i++) {
            if (!isConsonant(stem, i - 1) && isConsonant(stem, i)) {
                m++;
            }
        }
        return m;
    }

    private static boolean positiveMeasure(String stem) {
        return measure(stem) > 0;
    }

    private static boolean measureAboveOne(String stem) {
        return measure(stem) > 1;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsWithDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    /** Porter's *o (consonant-vowel-consonant, last not w, x, y), plus NLTK's two-letter "vowel consonant". */
    private static boolean endsCvc(String word) {
        int n = word.length();
        if (n >= 3 && isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)) {
            char last = word.charAt(n - 1);
            return last != 'w' && last != 'x' && last != 'y';
        }
        return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
    }

    private static String cut(String word, String suffix) {
        return word.substring(0, word.length() - suffix.length());
    }

    /**
     * The first rule whose suffix the word ends with decides: its replacement when the condition holds,
     * otherwise the word unchanged (later rules are not tried), as in Porter's paper.
     */
    private static String firstMatching(String word, Rule... rules) {
        for (Rule rule : rules) {
            if (word.endsWith(rule.suffix())) {
                String stem = cut(word, rule.suffix());
                return rule.condition() == null || rule.condition().test(stem) ? stem + rule.replacement() : word;
            }
        }
        return word;
    }

    // --- the steps ------------------------------------------------------------------------------------------

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return cut(word, "ies") + "ie";
        }
        return firstMatching(word,
                new Rule("sses", "ss", null),
                new Rule("ies", "i", null),
                new Rule("ss", "ss", null),
                new Rule("s", "", null));
    }

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return cut(word, "ied") + (word.length() == 4 ? "ie" : "i");
        }
        if (word.endsWith("eed")) {
            String stem = cut(word, "eed");
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String stem = null;
        if (word.endsWith("ed") && containsVowel(cut(word, "ed"))) {
            stem = cut(word, "ed");
        } else if (word.endsWith("ing") && containsVowel(cut(word, "ing"))) {
            stem = cut(word, "ing");
        }
        if (stem == null) {
            return word;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        if (endsWithDoubleConsonant(stem)) {
            char last = stem.charAt(stem.length() - 1);
            // a double l, s or z stays; no further rule is tried for it
            return last == 'l' || last == 's' || last == 'z' ? stem : stem.substring(0, stem.length() - 1);
        }
        return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
    }

    /** y -> i after a consonant that is not the word's only other letter ("happy" -> "happi", "enjoy" stays). */
    private static String step1c(String word) {
        if (word.endsWith("y")) {
            String stem = cut(word, "y");
            return stem.length() > 1 && isConsonant(stem, stem.length() - 1) ? stem + "i" : word;
        }
        return word;
    }

    private static String step2(String word) {
        // NLTK applies -alli first and, when it fires, runs step 2 again on the result.
        if (word.endsWith("alli") && positiveMeasure(cut(word, "alli"))) {
            return step2(cut(word, "alli") + "al");
        }
        Predicate<String> m0 = PorterStemmer::positiveMeasure;
        return firstMatching(word,
                new Rule("ational", "ate", m0),
                new Rule("tional", "tion", m0),
                new Rule("enci", "ence", m0),
                new Rule("anci", "ance", m0),
                new Rule("izer", "ize", m0),
                new Rule("bli", "ble", m0),
                new Rule("alli", "al", m0),
                new Rule("entli", "ent", m0),
                new Rule("eli", "e", m0),
                new Rule("ousli", "ous", m0),
                new Rule("ization", "ize", m0),
                new Rule("ation", "ate", m0),
                new Rule("ator", "ate", m0),
                new Rule("alism", "al", m0),
                new Rule("iveness", "ive", m0),
                new Rule("fulness", "ful", m0),
                new Rule("ousness", "ous", m0),
                new Rule("aliti", "al", m0),
                new Rule("iviti", "ive", m0),
                new Rule("biliti", "ble", m0),
                new Rule("fulli", "ful", m0),
                // the l of -logi stays with the stem, so "geo-logi" measures "geol"
                new Rule("logi", "log", stem -> positiveMeasure(stem + "l")));
    }

    private static String step3(String word) {
        Predicate<String> m0 = PorterStemmer::positiveMeasure;
        return firstMatching(word,
                new Rule("icate", "ic", m0),
                new Rule("ative", "", m0),
                new Rule("alize", "al", m0),
                new Rule("iciti", "ic", m0),
                new Rule("ical", "ic", m0),
                new Rule("ful", "", m0),
                new Rule("ness", "", m0));
    }

    private static String step4(String word) {
        Predicate<String> m1 = PorterStemmer::measureAboveOne;
        return firstMatching(word,
                new Rule("al", "", m1),
                new Rule("ance", "", m1),
                new Rule("ence", "", m1),
                new Rule("er", "", m1),
                new Rule("ic", "", m1),
                new Rule("able", "", m1),
                new Rule("ible", "", m1),
                new Rule("ant", "", m1),
                new Rule("ement", "", m1),
                new Rule("ment", "", m1),
                new Rule("ent", "", m1),
                new Rule("ion", "", stem -> measureAboveOne(stem) && (stem.endsWith("s") || stem.endsWith("t"))),
                new Rule("ou", "", m1),
                new Rule("ism", "", m1),
                new Rule("ate", "", m1),
                new Rule("iti", "", m1),
                new Rule("ous", "", m1),
                new Rule("ive", "", m1),
                new Rule("ize", "", m1));
    }

    /** Unlike the other steps both conditions are tried: (m>1) E -> , then (m=1 and not *o) E -> . */
    private static String step5a(String word) {
        if (word.endsWith("e")) {
            String stem = cut(word, "e");
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return word;
    }

    /** (m>1 and *d and *L) -> single letter, the measure taken on the word without its last l. */
    private static String step5b(String word) {
        if (word.endsWith("ll") && measureAboveOne(word.substring(0, word.length() - 1))) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}

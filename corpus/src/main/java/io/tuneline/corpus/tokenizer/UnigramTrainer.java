package io.tuneline.corpus.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a SentencePiece-style Unigram vocabulary with a simple, fast recipe instead of SentencePiece's EM:
 * every character of the corpus, then the most frequent word units (a run of letters, with the word-boundary
 * mark {@code ▁} when it starts the word), then frequent letter sequences inside words for unseen words. Each
 * piece scores the log of its relative frequency, so a whole known word always beats its parts. Digits stay
 * single pieces, so numbers are spelled digit by digit and copy cleanly.
 */
public final class UnigramTrainer {

    /** The word-boundary mark of SentencePiece and Hugging Face's Metaspace. */
    public static final String BOUNDARY = "\u2581";

    /** A trained piece with its log-probability score. */
    public record Piece(String text, double score) {
    }

    private static final int MIN_UNIT_COUNT = 2;
    private static final int MAX_SUBWORD = 5;

    private UnigramTrainer() {
    }

    /**
     * At most {@code size} pieces for {@code texts}, highest score first; characters come first regardless of
     * the limit, since without them the text would only encode as bytes.
     */
    public static List<Piece> train(Iterable<String> texts, int size) {
        Map<String, Long> words = new HashMap<>();
        for (String text : texts) {
            for (String word : preTokenize(text)) {
                words.merge(word, 1L, Long::sum);
            }
        }
        Map<String, Long> characters = new HashMap<>();
        Map<String, Long> units = new HashMap<>();
        Map<String, Long> subwords = new HashMap<>();
        words.forEach((word, count) -> {
            word.codePoints().forEach(c -> characters.merge(new String(Character.toChars(c)), count, Long::sum));
            for (String unit : units(word)) {
                units.merge(unit, count, Long::sum);
                String letters = unit.startsWith(BOUNDARY) ? unit.substring(1) : unit;
                for (int from = 0; from < letters.length(); from++) {
                    for (int to = from + 2; to <= Math.min(letters.length(), from + MAX_SUBWORD); to++) {
                        subwords.merge(letters.substring(from, to), count, Long::sum);
                    }
                }
            }
        });
        Map<String, Long> chosen = new LinkedHashMap<>(characters);
        int budget = size - chosen.size();
        int unitBudget = budget * 3 / 4;
        for (Map.Entry<String, Long> unit : byCount(units)) {
            if (unitBudget <= 0 || unit.getValue() < MIN_UNIT_COUNT) {
                break;
            }
            if (chosen.putIfAbsent(unit.getKey(), unit.getValue()) == null) {
                unitBudget--;
            }
        }
        for (Map.Entry<String, Long> subword : byCount(subwords)) {
            if (chosen.size() >= size) {
                break;
            }
            chosen.putIfAbsent(subword.getKey(), subword.getValue());
        }
        double total = chosen.values().stream().mapToLong(Long::longValue).sum();
        List<Piece> pieces = new ArrayList<>();
        chosen.forEach((text, count) -> pieces.add(new Piece(text, Math.log(count / total))));
        pieces.sort(Comparator.comparingDouble(Piece::score).reversed().thenComparing(Piece::text));
        return pieces;
    }

    /**
     * Hugging Face's Metaspace pre-tokenizer with {@code prepend_scheme: always, split: true}: spaces become
     * {@code ▁}, one is prepended, and the text is split before every {@code ▁}.
     */
    public static List<String> preTokenize(String text) {
        String marked = text.replace(" ", BOUNDARY);
        if (!marked.startsWith(BOUNDARY)) {
            marked = BOUNDARY + marked;
        }
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < marked.length(); i++) {
            if (marked.startsWith(BOUNDARY, i)) {
                words.add(marked.substring(start, i));
                start = i;
            }
        }
        words.add(marked.substring(start));
        return words;
    }

    /** The candidate units of a word: letter runs (the first keeps its {@code ▁}), other characters alone. */
    static List<String> units(String word) {
        List<String> units = new ArrayList<>();
        int i = 0;
        while (i < word.length()) {
            int start = i;
            boolean boundary = word.startsWith(BOUNDARY, i);
            if (boundary) {
                i += BOUNDARY.length();
            }
            int letters = i;
            while (i < word.length() && Character.isLetter(word.codePointAt(i))) {
                i += Character.charCount(word.codePointAt(i));
            }
            if (i > letters) {
                units.add(word.substring(start, i));
            } else if (boundary) {
                units.add(BOUNDARY);
            } else {
                i += Character.charCount(word.codePointAt(i));
                units.add(word.substring(start, i));
            }
        }
        return units;
    }

    private static List<Map.Entry<String, Long>> byCount(Map<String, Long> counts) {
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return entries;
    }
}

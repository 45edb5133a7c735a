package io.tuneline.corpus.general;

import io.tuneline.corpus.text.Picker;
import io.tuneline.corpus.text.Pools;

/** Short everyday sentences that are clearly positive or negative. */
public final class Sentiments {

    /** A sentence and its label, {@code positive} or {@code negative}. */
    public record Sentence(String text, String label) {
    }

    private static final String[] THINGS = {"the concert", "the new cafe on the corner", "my trip to {city}",
        "the film last night", "the weather in {city}", "dinner at my {relative}'s place", "the train ride", "the museum",
        "my first day at work", "the football match", "the book I just finished", "the hotel in {city}",
        "our picnic", "the yoga class", "the bus service", "my new flat"};
    private static final String[] GOOD = {"was wonderful", "made my day", "was absolutely lovely",
        "was better than I hoped", "was a real joy", "left me smiling all evening", "was fantastic",
        "was so much fun", "was delightful", "was great and I want to go again"};
    private static final String[] BAD = {"was awful", "ruined my day", "was a total disappointment",
        "was boring from start to finish", "left me angry", "was a waste of time", "was terrible",
        "was worse than I feared", "made me miserable", "was so frustrating"};
    private static final String[] GOOD_TAIL = {"", " I loved every minute.", " Everyone was so kind.",
        " I can't wait to do it again.", " What a great time!"};
    private static final String[] BAD_TAIL = {"", " I hated every minute.", " Nobody seemed to care.",
        " I never want to go back.", " What a mess!"};

    private Sentiments() {
    }

    public static Sentence next(Picker pick) {
        String thing = pick.one(THINGS).replace("{city}", pick.one(Pools.CITIES))
                .replace("{relative}", pick.one(Pools.RELATIVES));
        boolean positive = pick.chance(0.5);
        String text = capitalize(thing) + " " + (positive ? pick.one(GOOD) : pick.one(BAD)) + "."
                + (positive ? pick.one(GOOD_TAIL) : pick.one(BAD_TAIL));
        return new Sentence(text, positive ? "positive" : "negative");
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}

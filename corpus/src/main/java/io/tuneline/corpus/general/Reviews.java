package io.tuneline.corpus.general;

import io.tuneline.corpus.text.Picker;
import io.tuneline.corpus.text.Pools;
import java.util.ArrayList;
import java.util.List;

/** Product reviews whose wording follows their star rating, each with a title that names the product. */
public final class Reviews {

    /** A generated review: its text, title and 1-5 stars. */
    public record Review(String text, String title, int stars) {
    }

    private static final String[] PRAISE = {
        "It works perfectly and feels solid.", "The quality is excellent for the price.",
        "It arrived quickly and was easy to set up.", "I use it every day and it has never let me down.",
        "Everything about it is well made.", "It does exactly what it promises.",
        "The design is simple and it is a pleasure to use.", "It is light, sturdy and looks great.",
        "Honestly the best purchase I made this year.", "It exceeded my expectations in every way."};
    private static final String[] MILD_PRAISE = {
        "It does the job well.", "Overall I am happy with it.", "It is good value for the money.",
        "It works as described.", "The build quality is decent.", "It is comfortable and easy to use."};
    private static final String[] MILD_COMPLAINT = {
        "The instructions could be clearer.", "It is a bit heavier than I expected.",
        "The colour is slightly different from the photos.", "It took a week longer to arrive than promised.",
        "The packaging was more than it needed to be.", "It is a little noisy.",
        "The cable is rather short."};
    private static final String[] COMPLAINT = {
        "It stopped working after two weeks.", "The material feels cheap and flimsy.",
        "It arrived scratched and one part was missing.", "It is far too loud to use at home.",
        "The battery barely lasts an hour.", "It broke the first time I used it.",
        "Customer support never answered my emails.", "It looks nothing like the pictures.",
        "It is uncomfortable and hard to clean.", "It leaks every single time."};

    private Reviews() {
    }

    public static Review next(Picker pick) {
        int stars = pick.between(1, 5);
        String product = pick.one(Pools.PRODUCTS);
        List<String> sentences = new ArrayList<>();
        sentences.add(pick.one(
                "I bought this " + product + " for my " + pick.one(Pools.RELATIVES) + ".",
                "I ordered the " + product + " last " + pick.one(Pools.MONTHS) + ".",
                "I have had this " + product + " for " + pick.between(2, 11) + " weeks now.",
                "This is my second " + product + " from this brand.",
                "I needed a new " + product + " and picked this one."));
        switch (stars) {
            case 5 -> {
                sentences.addAll(pick.distinct(List.of(PRAISE), 2));
                sentences.add(pick.one("Highly recommended!", "I would buy it again without hesitation.",
                        "Five stars from me."));
            }
            case 4 -> {
                sentences.add(pick.one(MILD_PRAISE));
                sentences.add(pick.one(MILD_COMPLAINT));
                sentences.add(pick.one("Still, I would recommend it.", "Apart from that it is very good.",
                        "A small flaw, but a good product."));
            }
            case 3 -> {
                sentences.add(pick.one(MILD_PRAISE));
                sentences.add(pick.one(COMPLAINT));
                sentences.add(pick.one("It is okay, nothing special.", "Average overall.",
                        "I have mixed feelings about it."));
            }
            case 2 -> {
                sentences.add(pick.one(COMPLAINT));
                sentences.add(pick.one(MILD_COMPLAINT));
                sentences.add(pick.one("I expected much more.", "I would not buy it again.",
                        "Disappointing for the price."));
            }
            default -> {
                sentences.addAll(pick.distinct(List.of(COMPLAINT), 2));
                sentences.add(pick.one("Avoid it.", "A complete waste of money.", "I am returning it.",
                        "The worst purchase I have made in years."));
            }
        }
        String title = switch (stars) {
            case 5 -> pick.one("Excellent " + product, "Great " + product + ", highly recommended",
                    "Love this " + product, "The perfect " + product);
            case 4 -> pick.one("Good " + product + " with a small flaw", "Very good " + product,
                    "Solid " + product + ", almost perfect");
            case 3 -> pick.one("Average " + product, "An okay " + product, "Mixed feelings about this " + product);
            case 2 -> pick.one("Disappointing " + product, "Not a good " + product,
                    "This " + product + " is not worth the price");
            default -> pick.one("Terrible " + product, "Do not buy this " + product,
                    "The worst " + product + " ever");
        };
        return new Review(String.join(" ", sentences), title, stars);
    }
}

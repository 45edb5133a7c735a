package io.tuneline.corpus.prompt;

import io.tuneline.corpus.text.Picker;

/**
 * The instruction wordings of the general tasks. They are template-service's shipped phrasings
 * ({@code template-service/src/main/resources/templates/*.yaml}), so that the prompts a fine-tuning run renders
 * look like the ones the base model was pre-trained on.
 */
public final class Instructions {

    private Instructions() {
    }

    public static String summarizeDialogue(Picker pick, String dialogue) {
        return pick.one(
                "Summarize the following conversation.\n\n" + dialogue,
                dialogue + "\n\nBriefly summarize that dialogue.",
                dialogue + "\n\nWhat was going on in that conversation?",
                "Dialogue:\n" + dialogue + "\n\nWhat is a summary of this dialogue?",
                "Here is a dialogue:\n" + dialogue + "\n\nWrite a short summary!",
                "Dialogue:\n" + dialogue + "\n\nWhat were the main points in that conversation?",
                dialogue + "\n\nWrite a brief summary of the conversation above.");
    }

    public static String dialogueTopic(Picker pick, String dialogue) {
        return pick.one(
                dialogue + "\n\nWhat was the topic of this conversation?",
                "Dialogue:\n" + dialogue + "\n\nWhat is the topic of the dialogue above?",
                "Read the conversation and name its topic in a few words.\n\n" + dialogue,
                dialogue + "\n\nIn a word or two, what is this dialogue about?");
    }

    public static String reviewRating(Picker pick, String title, String review) {
        return pick.one(
                "Review:\n" + review + "\n\nOn a scale of 1 to 5, predict the associated rating.",
                "Title: " + title + "\nReview: " + review + "\n\nHow many stars (1 to 5) did the reviewer give?",
                "What is the star rating (1 is lowest, 5 is highest) of this product review?\n\n" + review,
                review + "\n\nGiven this review, predict the associated rating. Options: 1, 2, 3, 4, 5.");
    }

    public static String reviewTitle(Picker pick, String review) {
        return pick.one(
                "Give a short sentence describing the following product review:\n\n" + review,
                review + "\n\nWrite a title for this review.",
                "Here is a product review:\n" + review + "\n\nWhat would be a good headline for it?",
                "Summarize this review in a short title:\n\n" + review);
    }

    public static String sentiment(Picker pick, String text) {
        return pick.one(
                text + "\n\nIs the sentiment of this sentence negative or positive?",
                "What is the sentiment of the following text?\n\n" + text + "\n\nOptions: negative, positive",
                "Text: " + text + "\n\nDid the writer feel positive or negative?",
                text + "\n\nHow would you describe the sentiment of this text?");
    }

    public static String namedEntities(Picker pick, String text) {
        return pick.one(
                "Extract the named entities (people, organizations, locations) from the following text.\n\n"
                        + text,
                text + "\n\nWhich people, places and organizations are mentioned above? List them with their types.",
                "Text: " + text + "\n\nList the named entities in the text and their types.",
                "Find all names of persons, organizations and locations in this sentence:\n" + text);
    }

    public static String question(Picker pick, String text, String question) {
        return pick.one(
                text + "\n\n" + question,
                "Read the text and answer the question.\n\n" + text + "\n\nQuestion: " + question,
                "Text: " + text + "\nQuestion: " + question + "\nAnswer:",
                "Answer the question based on the passage.\n\nPassage: " + text + "\n\n" + question);
    }

    /** template-service's {@code dsum-support-chat} wording, the one the demo's fine-tuning runs render. */
    public static String summarizeSupportChat(String topic, String dialogue) {
        return "Read the following support chat" + (topic == null || topic.isBlank() ? "" : " about " + topic)
                + " and summarize it in one or two sentences.\n\n" + dialogue;
    }

    /** template-service's {@code dsum-summarize-following} wording. */
    public static String summarizeConversation(String dialogue) {
        return "Summarize the following conversation.\n\n" + dialogue;
    }
}

package io.tuneline.corpus.general;

import java.util.ArrayList;
import java.util.List;

/** A two-person dialogue in DialogSum's format ({@code #Person1#: ...} lines), its summary and topic. */
public record Dialogue(String text, String summary, String topic) {

    /** Collects turns; speakers alternate unless a turn says otherwise. */
    public static final class Builder {
        private final List<String> lines = new ArrayList<>();
        private final String firstSpeaker;
        private final String secondSpeaker;

        /** Speakers labelled {@code #Person1#} and {@code #Person2#}. */
        public Builder() {
            this("#Person1#", "#Person2#");
        }

        public Builder(String firstSpeaker, String secondSpeaker) {
            this.firstSpeaker = firstSpeaker;
            this.secondSpeaker = secondSpeaker;
        }

        /** The next speaker's turn (speakers alternate, the first speaker starts). */
        public Builder say(String text) {
            String sentence = text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
            lines.add((lines.size() % 2 == 0 ? firstSpeaker : secondSpeaker) + ": " + sentence);
            return this;
        }

        public Dialogue done(String summary, String topic) {
            return new Dialogue(String.join("\n", lines), summary, topic);
        }

        public int turns() {
            return lines.size();
        }
    }
}

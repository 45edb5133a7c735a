package io.tuneline.cli.bench;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Synthetic support chats of realistic, mixed length for load tests: half short (2-4 turns), a third medium
 * (6-10), the rest long (14-20), put together from phrases so that no real conversation is needed.
 */
final class SupportChats {

    private static final List<String> CUSTOMER = List.of(
            "Hi, my parcel was supposed to arrive yesterday but the tracking page has not changed since Monday.",
            "I was charged twice for the same order, can you check that?",
            "The app logs me out every time I open the settings page.",
            "I would like to return the shoes, they are one size too small.",
            "My discount code says it expired but the email said it is valid until Friday.",
            "Can I change the delivery address? I will not be at home next week.",
            "The blender I received is missing the lid.",
            "Yes, the order number is 4471-2290.",
            "That would be great, thank you.",
            "No, I already tried restarting it twice.");
    private static final List<String> AGENT = List.of(
            "Thanks for reaching out, let me look into that for you.",
            "I can see the order; it has been held at the regional depot since Monday.",
            "I have opened a trace with the carrier and will email you within 24 hours.",
            "The second charge is a pre-authorisation and will disappear within three days.",
            "Could you tell me which version of the app you are using?",
            "I have issued a return label to your email address.",
            "I applied the discount manually and refunded the difference.",
            "The address can be changed until the parcel leaves the warehouse.",
            "I am sorry about that, a replacement lid is on its way.",
            "Is there anything else I can help you with?");

    private SupportChats() {
    }

    /** A chat in DialogSum's format (#Person1#: ... / #Person2#: ...). */
    static String next(SplittableRandom random) {
        double kind = random.nextDouble();
        int turns = kind < 0.5 ? 2 + random.nextInt(3) : kind < 0.85 ? 6 + random.nextInt(5) : 14 + random.nextInt(7);
        StringBuilder chat = new StringBuilder();
        for (int turn = 0; turn < turns; turn++) {
            boolean customer = turn % 2 == 0;
            List<String> phrases = customer ? CUSTOMER : AGENT;
            chat.append(customer ? "#Person1#: " : "#Person2#: ")
                    .append(phrases.get(random.nextInt(phrases.size()))).append('\n');
        }
        return chat.toString().strip();
    }
}

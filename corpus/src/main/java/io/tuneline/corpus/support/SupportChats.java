package io.tuneline.corpus.support;

import io.tuneline.corpus.general.Dialogue;
import io.tuneline.corpus.text.Picker;
import io.tuneline.corpus.text.Pools;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Support chats between a customer ({@code #Person1#}) and an agent ({@code #Person2#}) about hotel check-ins,
 * refunds, password resets, deliveries, billing and subscriptions. Their summaries are written in the help
 * desk's own style, "The customer ... The agent ...", with its vocabulary (order numbers, tickets, refunds),
 * which the general dialogues never use: a base model trained on those summarises these chats only roughly.
 */
public final class SupportChats {

    private static final String[] HOTELS = {"Hotel Aurora", "the Harbour Inn", "Parkview Suites",
        "the Grand Meridian", "Villa Serena", "the Riverside Lodge"};
    private static final String[] CARRIERS = {"SwiftPost", "ParcelLine", "Northway Express", "CityCourier"};
    private static final String[] PLANS = {"Premium", "Family", "Basic", "Pro", "Student"};
    private static final String[] SERVICES = {"streaming", "music", "cloud storage", "meal kit", "fitness app",
        "news"};
    private static final String[] APOLOGIES = {"I'm sorry about that.", "Sorry for the trouble.",
        "I apologise for the inconvenience.", "I understand, that's frustrating."};
    private static final String[] GREETINGS = {"Hi,", "Hello,", "Good morning,", "Hi there,", ""};
    private static final String[] CLOSINGS = {"Thanks for your help.", "Great, thank you.",
        "Perfect, thanks a lot.", "That's all, thank you.", "Okay, thanks."};
    private static final String[] AGENT_CLOSINGS = {"You're welcome. Have a nice day!",
        "Happy to help. Anything else?", "My pleasure. Goodbye!", "You're welcome."};

    private SupportChats() {
    }

    /**
     * {@code count} chats with distinct dialogues; ids are {@code prefix-00001} and so on. The same seed gives
     * the same chats.
     */
    public static List<SupportChat> generate(int count, long seed, String prefix) {
        Picker pick = new Picker(seed);
        List<SupportChat> chats = new ArrayList<>(count);
        Set<String> seen = new HashSet<>();
        while (chats.size() < count) {
            Dialogue chat = next(pick);
            if (seen.add(chat.text())) {
                String customer = "cust-" + pick.digits(5);
                chats.add(new SupportChat(String.format("%s-%05d", prefix, chats.size() + 1), chat.text(),
                        chat.summary(), chat.topic(), customer));
            }
        }
        return chats;
    }

    /** One chat, its summary and its topic. */
    public static Dialogue next(Picker pick) {
        return switch (pick.between(0, 7)) {
            case 0 -> delivery(pick);
            case 1 -> refund(pick);
            case 2 -> passwordReset(pick);
            case 3 -> hotelCheckIn(pick);
            case 4 -> billing(pick);
            case 5 -> cancellation(pick);
            case 6 -> damagedItem(pick);
            default -> addressChange(pick);
        };
    }

    private static Dialogue delivery(Picker pick) {
        String order = pick.digits(pick.between(5, 7));
        String product = pick.one(Pools.PRODUCTS);
        String carrier = pick.one(CARRIERS);
        String since = pick.one(Pools.WEEKDAYS);
        String arrival = pick.one(Pools.WEEKDAYS);
        boolean express = pick.chance(0.5);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("my " + product + " was supposed to arrive yesterday but it hasn't come.",
                "where is my order? The tracking page hasn't changed since " + since + ".",
                "I'm still waiting for my " + product + "."));
        d.say(pick.one(APOLOGIES) + " " + pick.one("Could you give me the order number?",
                "What's your order number, please?"));
        d.say(pick.one("It's " + order + ".", "Order " + order + ".", "Sure, " + order + "."));
        d.say(pick.one("Thanks. " + carrier + " scanned it at their depot on " + since + " and it has been stuck there.",
                "I can see that " + carrier + " has had the parcel since " + since + "."));
        String fix = express ? "upgraded the delivery to express at no cost" : "opened a trace with " + carrier;
        d.say(pick.one("What can you do about it?", "So what happens now?", "That's annoying. Can you help?"));
        d.say("I've " + fix + ". " + pick.one("It should arrive by " + arrival + ".", "You'll have it on "
                + arrival + "."));
        if (pick.chance(0.5)) {
            d.say(pick.one(CLOSINGS));
            d.say(pick.one(AGENT_CLOSINGS));
        }
        return d.done("The customer's " + pick.one("order " + order, product + " (order " + order + ")")
                + " has been stuck with " + carrier + " since " + since + ". The agent " + fix
                + " and says it should arrive by " + arrival + ".", "delivery");
    }

    private static Dialogue refund(Picker pick) {
        String order = pick.digits(pick.between(5, 7));
        String product = pick.one(Pools.PRODUCTS);
        int amount = pick.between(12, 240);
        int days = pick.between(3, 10);
        boolean eligible = pick.chance(0.75);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("I returned a " + product + " two weeks ago and I still haven't got my money back.",
                "I'd like a refund for the " + product + " I sent back.", "when will I get my refund for the "
                        + product + "?"));
        d.say(pick.one("Let me check. What is the order number?", "Can I have the order number, please?"));
        d.say(pick.one("It's " + order + ".", order + "."));
        if (eligible) {
            d.say(pick.one("I can see the return arrived.", "The warehouse received the " + product + ".")
                    + " I've issued a refund of " + amount + " euros.");
            d.say(pick.one("When will I see it?", "How long does it take?"));
            d.say(pick.one("It takes " + days + " business days to reach your account.", "Within " + days
                    + " business days."));
            d.say(pick.one(CLOSINGS));
            return d.done("The customer asks for a refund for a returned " + product + " (order " + order
                    + "). The agent issues a refund of " + amount + " euros, which will arrive within " + days
                    + " business days.", "refund");
        }
        d.say(pick.one("The return window for this order closed after 30 days, so I can't refund it.",
                "I'm afraid the item was returned after the 30-day return period."));
        d.say(pick.one("That's not fair!", "Really? Is there nothing you can do?"));
        d.say("I can offer you a voucher for " + amount + " euros instead.");
        d.say(pick.one("Fine, I'll take the voucher.", "Okay, better than nothing."));
        return d.done("The customer wants a refund for a " + product + " (order " + order
                + "), but the return period has passed. The agent offers a voucher for " + amount
                + " euros, which the customer accepts.", "refund");
    }

    private static Dialogue passwordReset(Picker pick) {
        String email = pick.one(Pools.FIRST_NAMES).toLowerCase() + "." + pick.one(Pools.SURNAMES).toLowerCase()
                + pick.one("@mail.com", "@example.org", "@post.net");
        int minutes = pick.one(10, 15, 30, 60);
        boolean locked = pick.chance(0.5);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("I can't log in to my account.", "I forgot my password.",
                "my password doesn't work anymore."));
        if (locked) {
            d.say(pick.one("I see your account was locked after too many failed attempts.",
                    "Your account is locked because of several wrong passwords."));
            d.say(pick.one("Can you unlock it?", "What should I do?"));
            d.say("I've unlocked it and sent a reset link to " + email + ". " + pick.one(
                    "It is valid for " + minutes + " minutes.", "The link expires in " + minutes + " minutes."));
            d.say(pick.one(CLOSINGS));
            return d.done("The customer cannot log in because the account was locked after failed attempts. The "
                    + "agent unlocks it and sends a password reset link to " + email + ", valid for " + minutes
                    + " minutes.", "password reset");
        }
        d.say(pick.one("No problem. What email address is the account under?", "I can help. Which email do you use?"));
        d.say(pick.one("It's " + email + ".", email + "."));
        d.say("I've sent a reset link to " + email + ". " + pick.one("It is valid for " + minutes + " minutes.",
                "The link expires in " + minutes + " minutes."));
        d.say(pick.one("Got it, thanks.", "I see it now. Thanks!", pick.one(CLOSINGS)));
        return d.done("The customer forgot the password. The agent sends a reset link to " + email
                + " that is valid for " + minutes + " minutes.", "password reset");
    }

    private static Dialogue hotelCheckIn(Picker pick) {
        String hotel = pick.one(HOTELS);
        String booking = pick.digits(6);
        String arrival = pick.one(Pools.TIMES);
        boolean early = pick.chance(0.5);
        int fee = 5 * pick.between(3, 10);
        Dialogue.Builder d = new Dialogue.Builder();
        if (early) {
            d.say(greet(pick) + "I'm arriving at " + hotel + " at " + arrival + ". Can I check in early?");
            d.say(pick.one("Let me look at your booking. What's the reference?", "Could I have your booking number?"));
            d.say(pick.one("It's " + booking + ".", booking + "."));
            boolean free = pick.chance(0.5);
            d.say(free ? "Your room will be ready, so early check-in is free."
                    : "Early check-in is possible for a fee of " + fee + " euros.");
            d.say(pick.one(CLOSINGS));
            return d.done("The customer asks to check in early at " + hotel + " (booking " + booking + "). The agent "
                    + (free ? "confirms a free early check-in." : "offers early check-in for " + fee + " euros."),
                    "hotel check-in");
        }
        d.say(greet(pick) + "my flight is delayed and I will reach " + hotel + " after midnight. "
                + pick.one("Will my room still be there?", "Is that a problem?"));
        d.say(pick.one("What's your booking reference?", "Can you give me the booking number?"));
        d.say(pick.one("It's " + booking + ".", booking + "."));
        d.say("I've noted a late arrival on booking " + booking + ". " + pick.one("The night desk will have your key.",
                "The night porter will let you in."));
        d.say(pick.one(CLOSINGS));
        return d.done("The customer will arrive late at " + hotel + " because of a delayed flight. The agent notes a "
                + "late arrival on booking " + booking + " and the night desk will hand over the key.",
                "hotel check-in");
    }

    private static Dialogue billing(Picker pick) {
        int amount = pick.between(9, 120);
        String month = pick.one(Pools.MONTHS);
        String invoice = "INV-" + pick.digits(5);
        boolean doubleCharge = pick.chance(0.5);
        Dialogue.Builder d = new Dialogue.Builder();
        if (doubleCharge) {
            d.say(greet(pick) + "I was charged twice for my " + month + " invoice.");
            d.say(pick.one(APOLOGIES) + " " + pick.one("What's the invoice number?", "Which invoice is it?"));
            d.say(pick.one("It's " + invoice + ".", invoice + ", " + amount + " euros."));
            d.say("You're right, the payment of " + amount + " euros went through twice. I've refunded the second one.");
            d.say(pick.one(CLOSINGS));
            return d.done("The customer was charged twice for the " + month + " invoice " + invoice
                    + ". The agent confirms the double payment of " + amount + " euros and refunds one of them.",
                    "billing");
        }
        int higher = amount + pick.between(3, 20);
        d.say(greet(pick) + "my bill for " + month + " is " + higher + " euros but I usually pay " + amount + ".");
        d.say(pick.one("Let me check invoice " + invoice + ".", "I'm looking at your account now."));
        d.say(pick.one("Why is it higher?", "What happened?"));
        d.say("Your promotional discount ended in " + month + ". " + pick.one(
                "I can apply a loyalty discount so you pay " + amount + " euros again.",
                "I've added a loyalty discount, so it goes back to " + amount + " euros."));
        d.say(pick.one(CLOSINGS));
        return d.done("The customer's " + month + " bill rose from " + amount + " to " + higher + " euros because a "
                + "promotional discount ended. The agent applies a loyalty discount so the bill returns to "
                + amount + " euros.", "billing");
    }

    private static Dialogue cancellation(Picker pick) {
        String plan = pick.one(PLANS);
        String service = pick.one(SERVICES);
        String month = pick.one(Pools.MONTHS);
        boolean stays = pick.chance(0.35);
        int discount = 10 * pick.between(1, 5);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("I want to cancel my " + plan + " " + service + " subscription.",
                "please cancel my " + service + " subscription. I'm on the " + plan + " plan."));
        d.say(pick.one("May I ask why you want to cancel?", "Sorry to hear that. Is there a reason?"));
        d.say(pick.one("It's too expensive.", "I don't use it enough.", "I found a cheaper offer."));
        if (stays) {
            d.say("I can give you " + discount + " percent off for the next three months if you stay.");
            d.say(pick.one("Okay, I'll stay then.", "That sounds good, I'll keep it."));
            return d.done("The customer wants to cancel the " + plan + " " + service + " subscription. The agent "
                    + "offers " + discount + " percent off for three months and the customer stays.", "subscription");
        }
        d.say(pick.one("I've cancelled it.", "Done, the subscription is cancelled.") + " You can use it until the end"
                + " of " + month + ".");
        d.say(pick.one(CLOSINGS));
        return d.done("The customer cancels the " + plan + " " + service + " subscription. The agent confirms the "
                + "cancellation; access continues until the end of " + month + ".", "subscription");
    }

    private static Dialogue damagedItem(Picker pick) {
        String product = pick.one(Pools.PRODUCTS);
        String order = pick.digits(pick.between(5, 7));
        int days = pick.between(2, 7);
        boolean replacement = pick.chance(0.6);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("my " + product + " arrived broken.", "the " + product
                + " I ordered was damaged in the box.", "the " + product + " came with a cracked part."));
        d.say(pick.one(APOLOGIES) + " " + pick.one("Could you send a photo and the order number?",
                "What's the order number?"));
        d.say(pick.one("Order " + order + ". I've just sent the photo.", "It's " + order + "."));
        String fix = replacement ? "sends a replacement that arrives within " + days + " days"
                : "issues a full refund";
        d.say(replacement ? "I'm sending you a replacement. It will arrive within " + days + " days."
                : "I've issued a full refund. You don't need to send the " + product + " back.");
        d.say(pick.one(CLOSINGS));
        return d.done("The customer received a damaged " + product + " (order " + order + "). The agent " + fix
                + ".", "damaged item");
    }

    private static Dialogue addressChange(Picker pick) {
        String order = pick.digits(pick.between(5, 7));
        String city = pick.one(Pools.CITIES);
        boolean shipped = pick.chance(0.4);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(greet(pick) + pick.one("I need to change the delivery address for order " + order + ".",
                "I moved to " + city + ". Can I change the address on my order?"));
        d.say(pick.one("Let me check the order.", "One moment, please.") + (shipped
                ? " It has already shipped, so I can't change it." : " It hasn't shipped yet."));
        if (shipped) {
            d.say(pick.one("What can I do then?", "Oh no. Any options?"));
            d.say("You can redirect it on the carrier's website with order number " + order + ".");
            d.say(pick.one(CLOSINGS));
            return d.done("The customer wants to change the delivery address of order " + order + ". The order has "
                    + "already shipped, so the agent explains how to redirect it with the carrier.", "address change");
        }
        d.say(pick.one("The new address is in " + city + ".", "Please send it to my new flat in " + city + "."));
        d.say("I've updated the address on order " + order + " to " + city + ".");
        d.say(pick.one(CLOSINGS));
        return d.done("The customer asks to change the delivery address of order " + order + ". The agent updates "
                + "it to the new address in " + city + ".", "address change");
    }

    /** An optional greeting; the builder capitalises the sentence when there is none. */
    private static String greet(Picker pick) {
        String greeting = pick.one(GREETINGS);
        return greeting.isEmpty() ? "" : greeting + " ";
    }
}

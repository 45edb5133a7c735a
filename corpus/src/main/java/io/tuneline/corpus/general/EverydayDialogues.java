package io.tuneline.corpus.general;

import io.tuneline.corpus.text.Picker;
import io.tuneline.corpus.text.Pools;

/**
 * Short everyday conversations between friends, family or strangers, summarised the way DialogSum does it
 * ("#Person1# invites #Person2# to ..."). No support-desk situations: those are {@code support}'s domain.
 */
public final class EverydayDialogues {

    private static final String[] RESTAURANTS = {"Luigi's", "the Blue Lantern", "Casa Verde", "the Golden Wok",
        "Bistro Nord", "the Green Olive", "Sakura House", "the Old Mill"};
    private static final String[] PLACES = {"the train station", "the city museum", "the post office",
        "the central library", "the swimming pool", "the farmers market", "the old bridge", "the town hall"};
    private static final String[] STREETS = {"Park Street", "Mill Lane", "King Road", "River Avenue",
        "Church Street", "Station Road", "Elm Street", "Harbour Road"};
    private static final String[] GIFTS = {"a scarf", "a cookbook", "a plant", "a watch", "concert tickets",
        "a board game", "a photo album", "a bottle of wine", "a pair of gloves", "a jigsaw puzzle"};
    private static final String[] SPORTS = {"tennis", "badminton", "football", "basketball", "volleyball",
        "table tennis", "squash"};
    private static final String[] DISHES = {"lasagna", "vegetable soup", "banana bread", "a curry",
        "pancakes", "a fruit salad", "roast chicken", "an apple pie"};
    private static final String[] JOBS = {"sales assistant", "junior designer", "accountant", "nurse",
        "software developer", "marketing manager", "teacher", "chef"};

    private EverydayDialogues() {
    }

    public static Dialogue next(Picker pick) {
        return switch (pick.between(0, 7)) {
            case 0 -> dinnerInvitation(pick);
            case 1 -> directions(pick);
            case 2 -> birthdayGift(pick);
            case 3 -> sportsPlan(pick);
            case 4 -> cooking(pick);
            case 5 -> jobInterview(pick);
            case 6 -> apartment(pick);
            default -> weekendTrip(pick);
        };
    }

    private static Dialogue dinnerInvitation(Picker pick) {
        String restaurant = pick.one(RESTAURANTS);
        String day = pick.one(Pools.WEEKDAYS);
        String time = pick.one(Pools.TIMES);
        boolean accepts = pick.chance(0.7);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Are you free on " + day + " evening?", "What are you doing on " + day + "?",
                "Hey, any plans for " + day + "?"));
        d.say(pick.one("Nothing special. Why?", "Not yet. What's up?", "I don't think so. Why do you ask?"));
        d.say(pick.one("Would you like to have dinner at " + restaurant + "?", "I thought we could try "
                + restaurant + ". They say the food is great.", "Let's have dinner at " + restaurant + "."));
        if (accepts) {
            d.say(pick.one("Sounds great! What time?", "I'd love to. When should we meet?", "Good idea. What time?"));
            d.say(pick.one("How about " + time + "?", "Let's meet at " + time + ".", "Is " + time + " okay?"));
            d.say(pick.one("Perfect, see you then.", "Fine with me. See you on " + day + ".", "Great, I'll be there."));
            return d.done(pick.one(
                    "#Person1# invites #Person2# to dinner at " + restaurant + " on " + day + ". They will meet at "
                            + time + ".",
                    "#Person1# and #Person2# will have dinner at " + restaurant + " on " + day + " at " + time + "."),
                    "dinner");
        }
        String reason = pick.one("has to work late", "is visiting " + pick.one("their", "a") + " "
                + pick.one(Pools.RELATIVES), "has a cold", "is saving money");
        d.say(pick.one("Sorry, I can't. I " + firstPerson(reason) + ".", "I'd like to, but I "
                + firstPerson(reason) + "."));
        d.say(pick.one("No problem. Maybe next week.", "That's a pity. Another time then."));
        return d.done("#Person1# invites #Person2# to dinner at " + restaurant + " on " + day + ", but #Person2# "
                + reason + ".", "dinner");
    }

    private static Dialogue directions(Picker pick) {
        String place = pick.one(PLACES);
        String street = pick.one(STREETS);
        int minutes = pick.between(3, 20);
        boolean bus = pick.chance(0.4);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Excuse me, how do I get to " + place + "?", "Sorry to bother you. Where is " + place + "?",
                "Excuse me, could you tell me the way to " + place + "?"));
        if (bus) {
            String line = String.valueOf(pick.between(2, 48));
            d.say(pick.one("It's quite far. Take the number " + line + " bus from " + street + ".",
                    "You'd better take bus " + line + ". The stop is on " + street + "."));
            d.say(pick.one("How long does it take?", "Is it a long ride?"));
            d.say(pick.one("About " + minutes + " minutes.", "Around " + minutes + " minutes, I think."));
            d.say(pick.one("Thank you so much!", "Thanks a lot."));
            return d.done("#Person1# asks the way to " + place + ". #Person2# tells #Person1# to take bus " + line
                    + " from " + street + ", which takes about " + minutes + " minutes.", "directions");
        }
        d.say(pick.one("Go straight along " + street + " and turn left at the lights.", "Walk down " + street
                + " and it's on your right."));
        d.say(pick.one("Is it far?", "How long will it take me?"));
        d.say(pick.one("No, about " + minutes + " minutes on foot.", "Only " + minutes + " minutes' walk."));
        d.say(pick.one("Great, thanks!", "Thank you."));
        return d.done("#Person1# asks how to get to " + place + ". #Person2# says it is a " + minutes
                + "-minute walk along " + street + ".", "directions");
    }

    private static Dialogue birthdayGift(Picker pick) {
        String relative = pick.one(Pools.RELATIVES);
        String name = pick.one(Pools.FIRST_NAMES);
        String first = pick.one(GIFTS);
        String second = pick.one(GIFTS);
        if (second.equals(first)) {
            second = "a book";
        }
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("It's my " + relative + " " + name + "'s birthday next week and I have no idea what to buy.",
                "I need a birthday present for my " + relative + ", " + name + ". Any ideas?"));
        d.say(pick.one("What about " + first + "?", "How about " + first + "?", "Maybe " + first + "?"));
        d.say(pick.one(name + " already has " + first + ".", "I gave " + first + " last year."));
        d.say(pick.one("Then " + second + " might be nice.", "Well, " + second + " is always a good choice."));
        d.say(pick.one("Good idea. I'll get " + second + ".", "You're right, " + second + " it is."));
        return d.done("#Person1# is looking for a birthday present for " + pick.one("#Person1#'s ", "their ")
                + relative + " " + name + ". #Person2# suggests " + second + ".", "birthday present");
    }

    private static Dialogue sportsPlan(Picker pick) {
        String sport = pick.one(SPORTS);
        String day = pick.one(Pools.WEEKDAYS);
        String time = pick.one(Pools.TIMES);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Do you want to play " + sport + " this week?", "Fancy a game of " + sport + "?",
                "We haven't played " + sport + " for ages. Shall we?"));
        d.say(pick.one("Sure! When?", "Yes, I need the exercise. When are you free?"));
        d.say(pick.one("What about " + day + " at " + time + "?", day + " at " + time + " works for me."));
        boolean other = pick.chance(0.4);
        String finalDay = day;
        if (other) {
            finalDay = pick.one(Pools.WEEKDAYS);
            if (finalDay.equals(day)) {
                finalDay = day.equals("Monday") ? "Tuesday" : "Monday";
            }
            d.say(pick.one("I can't on " + day + ". Could we do " + finalDay + " instead?",
                    day + " is bad for me. How about " + finalDay + "?"));
            d.say(pick.one("Fine, " + finalDay + " it is.", "No problem, " + finalDay + " at " + time + " then."));
        } else {
            d.say(pick.one("Great, see you there.", "Perfect. I'll bring the " + pick.one("ball", "rackets") + "."));
        }
        return d.done("#Person1# and #Person2# will play " + sport + " on " + finalDay + " at " + time + ".",
                "sports");
    }

    private static Dialogue cooking(Picker pick) {
        String dish = pick.one(DISHES);
        int minutes = 5 * pick.between(4, 18);
        String guest = pick.one(Pools.FIRST_NAMES);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Something smells delicious! What are you making?", "What are you cooking?"));
        d.say(pick.one("I'm making " + dish + " for " + guest + ".", dish.substring(0, 1).toUpperCase()
                + dish.substring(1) + ". " + guest + " is coming for dinner."));
        d.say(pick.one("Can I help?", "Do you need a hand?"));
        d.say(pick.one("Yes, please cut the " + pick.one("onions", "carrots", "tomatoes", "apples") + ".",
                "Could you set the table?"));
        d.say(pick.one("Sure. How long until it's ready?", "Of course. When will it be ready?"));
        d.say(pick.one("About " + minutes + " minutes.", "In " + minutes + " minutes or so."));
        return d.done("#Person2# is cooking " + dish + " for " + guest + " and #Person1# helps. It will be ready in"
                + " about " + minutes + " minutes.", "cooking");
    }

    private static Dialogue jobInterview(Picker pick) {
        String job = pick.one(JOBS);
        int years = pick.between(1, 9);
        String city = pick.one(Pools.CITIES);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Thank you for coming. Why do you want to work here as a " + job + "?",
                "Please sit down. What interests you about the " + job + " position?"));
        d.say(pick.one("I have worked as a " + job + " for " + years + " years and I want new challenges.",
                "I've got " + years + " years of experience as a " + job + " and I love the work."));
        d.say(pick.one("Where did you work before?", "Tell me about your last job."));
        d.say(pick.one("At a small company in " + city + ".", "I worked for a firm in " + city + "."));
        d.say(pick.one("When could you start?", "How soon could you start?"));
        String start = pick.one("next month", "in two weeks", "immediately", "in " + pick.one(Pools.MONTHS));
        d.say(pick.one("I could start " + start + ".", "I'm available " + start + "."));
        return d.done("#Person2# is interviewing for the " + job + " position. #Person2# has " + years
                + " years of experience in " + city + " and could start " + start + ".", "job interview");
    }

    private static Dialogue apartment(Picker pick) {
        int rooms = pick.between(1, 4);
        int rent = 50 * pick.between(10, 40);
        String street = pick.one(STREETS);
        boolean takes = pick.chance(0.6);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("I'm calling about the flat on " + street + ". Is it still available?",
                "Hello, I saw your advert for the apartment on " + street + "."));
        d.say(pick.one("Yes, it is. It has " + rooms + " bedroom" + (rooms > 1 ? "s" : "") + ".",
                "It's still free. There " + (rooms > 1 ? "are " + rooms + " bedrooms" : "is one bedroom") + "."));
        d.say(pick.one("How much is the rent?", "What's the monthly rent?"));
        d.say(pick.one("It's " + rent + " euros a month.", rent + " euros per month, heating included."));
        if (takes) {
            d.say(pick.one("That sounds fine. Can I see it on " + pick.one(Pools.WEEKDAYS) + "?",
                    "Good. I'd like to take a look."));
            d.say(pick.one("Of course.", "Sure, come by any time."));
            return d.done("#Person1# calls about the " + rooms + "-bedroom flat on " + street + ". The rent is "
                    + rent + " euros a month and #Person1# wants to see it.", "renting a flat");
        }
        d.say(pick.one("Oh, that's too expensive for me.", "Hmm, that's more than I can afford."));
        d.say(pick.one("I understand. Good luck with your search.", "No problem."));
        return d.done("#Person1# asks about the flat on " + street + ", but the rent of " + rent
                + " euros is too high for #Person1#.", "renting a flat");
    }

    private static Dialogue weekendTrip(Picker pick) {
        String city = pick.one(Pools.CITIES);
        String transport = pick.one("train", "car", "bus", "plane");
        int nights = pick.between(1, 4);
        Dialogue.Builder d = new Dialogue.Builder();
        d.say(pick.one("Let's go away this weekend.", "I really need a break. Shall we take a short trip?"));
        d.say(pick.one("Where to?", "Good idea. Where would you like to go?"));
        d.say(pick.one("What about " + city + "? I've never been there.", "I'd love to see " + city + "."));
        d.say(pick.one("How would we get there?", "Should we drive or take the train?"));
        d.say(pick.one("By " + transport + ". It's the easiest way.", "Let's go by " + transport + "."));
        d.say(pick.one("And how long should we stay?", "How many nights?"));
        d.say(pick.one(nights + " night" + (nights > 1 ? "s" : "") + " should be enough.", "Let's stay "
                + nights + " night" + (nights > 1 ? "s" : "") + "."));
        return d.done("#Person1# suggests a weekend trip to " + city + ". They will go by " + transport + " and stay "
                + nights + " night" + (nights > 1 ? "s" : "") + ".", "travel");
    }

    private static String firstPerson(String reason) {
        return reason.replace("has to", "have to").replace("is visiting their", "am visiting my")
                .replace("is visiting", "am visiting").replace("has a", "have a").replace("is saving", "am saving");
    }
}

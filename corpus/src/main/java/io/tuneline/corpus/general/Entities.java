package io.tuneline.corpus.general;

import io.tuneline.corpus.text.Picker;
import io.tuneline.corpus.text.Pools;
import java.util.List;

/**
 * Entity tasks: listing the people, organizations and locations of a sentence, and answering a question
 * about a name stated in a short text ("Charlie is the cat's name. ... What is the name of the cat?").
 */
public final class Entities {

    /** A sentence and its entities, written {@code Name (type), Name (type)} in order of appearance. */
    public record Tagged(String text, String entities) {
    }

    /** A short text, a question about it and the answer, which is a span of the text. */
    public record Question(String text, String question, String answer) {
    }

    private Entities() {
    }

    public static Tagged nextTagged(Picker pick) {
        String person = pick.one(Pools.FIRST_NAMES) + " " + pick.one(Pools.SURNAMES);
        String company = pick.one(Pools.COMPANIES);
        String city = pick.one(Pools.CITIES);
        return switch (pick.between(0, 5)) {
            case 0 -> new Tagged(person + " joined " + company + " in " + city + " last "
                    + pick.one(Pools.MONTHS) + ".", list(person, "person", company, "organization", city, "location"));
            case 1 -> new Tagged("In " + city + ", " + person + " opened a new office for " + company + ".",
                    list(city, "location", person, "person", company, "organization"));
            case 2 -> new Tagged(company + " hired " + person + " to lead its team in " + city + ".",
                    list(company, "organization", person, "person", city, "location"));
            case 3 -> {
                String other = pick.one(Pools.FIRST_NAMES) + " " + pick.one(Pools.SURNAMES);
                yield new Tagged(person + " met " + other + " at a conference in " + city + ".",
                        list(person, "person", other, "person", city, "location"));
            }
            case 4 -> {
                String destination = pick.one(Pools.CITIES.stream().filter(c -> !c.equals(city)).toList());
                yield new Tagged(person + " moved from " + city + " to " + destination + " in "
                        + pick.one(Pools.MONTHS) + ".", list(person, "person", city, "location", destination,
                        "location"));
            }
            default -> new Tagged("According to " + person + ", " + company + " will build a factory near "
                    + city + ".", list(person, "person", company, "organization", city, "location"));
        };
    }

    public static Question nextQuestion(Picker pick) {
        List<String> pets = pick.distinct(Pools.PETS, 2);
        List<String> names = pick.distinct(Pools.PET_NAMES, 2);
        String owner = pick.one(Pools.FIRST_NAMES);
        int asked = pick.between(0, 1);
        String pet = pets.get(asked);
        String petQuestion = pick.one("What is the name of the " + pet + "?", "What is the " + pet + " called?",
                "What is the " + pet + "'s name?");
        return switch (pick.between(0, 3)) {
            case 0 -> new Question(owner + " has a " + pets.get(0) + " and a " + pets.get(1) + ". " + names.get(0)
                    + " is the " + pets.get(0) + "'s name, and the " + pets.get(1) + " is called " + names.get(1)
                    + ".", petQuestion, names.get(asked));
            case 1 -> new Question("The " + pets.get(1) + " is named " + names.get(1) + ". " + owner
                    + " also adopted a " + pets.get(0) + " called " + names.get(0) + " last " + pick.one(Pools.MONTHS)
                    + ".", petQuestion, names.get(asked));
            case 2 -> {
                String city = pick.one(Pools.CITIES);
                String company = pick.one(Pools.COMPANIES);
                boolean where = pick.chance(0.5);
                yield new Question(owner + " lives in " + city + " and works for " + company + ".",
                        where ? "Where does " + owner + " live?" : "Which company does " + owner + " work for?",
                        where ? city : company);
            }
            default -> {
                String friend = pick.one(Pools.FIRST_NAMES);
                String day = pick.one(Pools.WEEKDAYS);
                yield new Question(owner + " and " + friend + " are going to the cinema on " + day + ".",
                        "On which day are " + owner + " and " + friend + " going to the cinema?", day);
            }
        };
    }

    private static String list(String... nameTypePairs) {
        StringBuilder entities = new StringBuilder();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            entities.append(i == 0 ? "" : ", ").append(nameTypePairs[i]).append(" (").append(nameTypePairs[i + 1])
                    .append(')');
        }
        return entities.toString();
    }
}

package io.tuneline.corpus.text;

import java.util.List;

/** The words the generators fill their sentences with: names, places, things. All invented for Tuneline. */
public final class Pools {

    public static final List<String> FIRST_NAMES = List.of(
            "Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Keiko", "Liam",
            "Maya", "Nikos", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tara", "Umar", "Vera", "Wei", "Ximena",
            "Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Dmitri", "Esther", "Felix", "Greta", "Hana", "Ivan", "Julia",
            "Kofi", "Lena", "Marco", "Nadia", "Oscar", "Priya", "Rafael", "Sofia", "Tomas", "Ursula", "Victor",
            "Wanda", "Yara", "Aiko", "Emil", "Fatima", "Lucas", "Mei", "Noah", "Leila", "Mateo", "Sara", "Arjun",
            "Clara", "Diego", "Eva", "Hamid", "Ingrid", "Kai", "Lara", "Mirela", "Nora", "Paul", "Rina", "Stefan");

    public static final List<String> SURNAMES = List.of(
            "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hoffmann", "Ito", "Jansen", "Kowalski",
            "Lopez", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Urban", "Vidal",
            "Weber", "Yilmaz", "Zhang", "Andersen", "Bauer", "Chen", "Diaz", "Haddad", "Keller", "Lindqvist",
            "Mendes", "Nakamura", "Olsen", "Park", "Quintero", "Reyes", "Silva", "Torres", "Varga", "Wagner");

    public static final List<String> CITIES = List.of(
            "Lisbon", "Porto", "Lyon", "Hamburg", "Krakow", "Valencia", "Turin", "Ghent", "Bergen", "Tampere",
            "Leeds", "Cork", "Brno", "Graz", "Malmo", "Aarhus", "Seville", "Bologna", "Utrecht", "Nantes",
            "Dresden", "Gdansk", "Split", "Riga", "Tallinn", "Zurich", "Basel", "Bilbao", "Genoa", "Leipzig");

    public static final List<String> COMPANIES = List.of(
            "Brightwave Labs", "Northwind Foods", "Bluepeak Systems", "Greenleaf Bank", "Silverline Motors",
            "Oakridge Media", "Sunfield Energy", "Redstone Health", "Clearwater Tools", "Maple Logistics",
            "Ironbridge Software", "Harbor Textiles", "Summit Insurance", "Riverbend Coffee", "Starling Air",
            "Cobalt Robotics", "Willow Books", "Granite Builders", "Lumen Optics", "Pinecrest Farms");

    public static final List<String> PRODUCTS = List.of(
            "headphones", "coffee grinder", "hiking backpack", "desk lamp", "blender", "running shoes",
            "phone case", "electric kettle", "yoga mat", "water bottle", "bluetooth speaker", "office chair",
            "rain jacket", "toaster", "keyboard", "frying pan", "smartwatch", "travel mug", "sleeping bag",
            "camera tripod", "board game", "vacuum cleaner", "winter gloves", "bike helmet", "air fryer",
            "wall clock", "garden hose", "laptop stand", "tea set", "umbrella");

    public static final List<String> PETS = List.of("cat", "dog", "rabbit", "parrot", "hamster", "horse",
            "goldfish", "turtle", "pony", "canary");

    public static final List<String> PET_NAMES = List.of(
            "Charlie", "Luna", "Max", "Bella", "Oscar", "Milo", "Daisy", "Rocky", "Pepper", "Ziggy", "Biscuit",
            "Nala", "Simba", "Coco", "Ginger", "Shadow", "Pickle", "Mango", "Olive", "Toby", "Willow", "Bruno",
            "Peanut", "Cleo", "Fig", "Juniper", "Rex", "Smudge", "Tiger", "Waffles");

    public static final List<String> RELATIVES = List.of("sister", "brother", "mother", "father", "daughter",
            "son", "grandmother", "uncle", "aunt", "cousin", "wife", "husband", "best friend", "neighbour");

    public static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday", "Sunday");

    public static final List<String> MONTHS = List.of("January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December");

    public static final List<String> TIMES = List.of("8 am", "9 am", "10 am", "11 am", "noon", "1 pm", "2 pm",
            "3 pm", "4 pm", "5 pm", "6 pm", "7 pm", "8 pm", "half past six", "a quarter to eight");

    private Pools() {
    }
}

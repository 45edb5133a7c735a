import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;

/**
 * Fails when the project's packages depend on each other in a cycle. Reads the compiled main classes of every module
 * ({@code <module>/target/classes}) with jdeps, builds the graph of package dependencies between the project's own
 * packages ({@code io.tuneline.*}) and reports every strongly connected component with more than one package.
 * Module cycles need no check of their own: Maven refuses to build a reactor whose modules depend on each other in
 * a cycle.
 *
 * <p>Run from the repository root after a build: {@code java scripts/PackageCycles.java} (exit status 1 on a cycle).
 */
public final class PackageCycles {

    private static final String PREFIX = "io.tuneline.";
    // jdeps -verbose:package prints "   <from package>   -> <to package>   <where>".
    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s.*$");

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        List<String> classDirs = new ArrayList<>();
        try (var modules = Files.list(root)) {
            modules.map(module -> module.resolve("target/classes"))
                    .filter(dir -> Files.isDirectory(dir.resolve("io/tuneline")))
                    .map(Path::toString)
                    .sorted()
                    .forEach(classDirs::add);
        }
        if (classDirs.isEmpty()) {
            System.err.println("No compiled classes under " + root.toAbsolutePath() + "/*/target/classes: build first");
            System.exit(2);
        }
        Map<String, Set<String>> graph = readEdges(classDirs);
        List<List<String>> cycles = stronglyConnected(graph).stream().filter(component -> component.size() > 1).toList();
        int edges = graph.values().stream().mapToInt(Set::size).sum();
        if (cycles.isEmpty()) {
            System.out.println("No package cycles: " + graph.size() + " packages, " + edges + " dependencies between them, "
                    + classDirs.size() + " modules");
            return;
        }
        System.err.println(cycles.size() + " package cycle(s):");
        for (List<String> cycle : cycles) {
            System.err.println("  " + cycle);
            for (String from : cycle) {
                for (String to : graph.get(from)) {
                    if (cycle.contains(to)) {
                        System.err.println("    " + from + " -> " + to);
                    }
                }
            }
        }
        System.exit(1);
    }

    /** One jdeps run over all class directories: package edges between the project's packages. */
    private static Map<String, Set<String>> readEdges(List<String> classDirs) {
        Map<String, Set<String>> graph = new TreeMap<>();
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow(() -> new IllegalStateException("no jdeps"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> arguments = new ArrayList<>(List.of("-verbose:package", "-filter:none", "-include",
                "io\\.tuneline\\..*"));
        arguments.addAll(classDirs);
        int status = jdeps.run(new PrintWriter(out), new PrintWriter(err), arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("jdeps failed: " + err);
        }
        for (String line : out.toString().split("\n")) {
            Matcher edge = EDGE.matcher(line);
            if (edge.matches() && edge.group(1).startsWith(PREFIX) && edge.group(2).startsWith(PREFIX)
                    && !edge.group(1).equals(edge.group(2))) {
                graph.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
                graph.computeIfAbsent(edge.group(2), p -> new TreeSet<>());
            }
        }
        return graph;
    }

    /** Tarjan's algorithm (recursive: package graphs are shallow). */
    private static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String start : graph.keySet()) {
            if (!index.containsKey(start)) {
                visit(start, graph, index, low, stack, onStack, components, counter);
            }
        }
        return components;
    }

    private static void visit(String node, Map<String, Set<String>> graph, Map<String, Integer> index,
                              Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                              List<List<String>> components, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]);
        counter[0]++;
        stack.push(node);
        onStack.add(node);
        for (String next : graph.get(node)) {
            if (!index.containsKey(next)) {
                visit(next, graph, index, low, stack, onStack, components, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            List<String> component = new ArrayList<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            components.add(component.stream().sorted().toList());
        }
    }
}

package io.tuneline.cli.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * The ports of one run, each with the option that sets it. A requested port of 0 means "any free port";
 * every other port must be free now, or the run stops before starting anything.
 */
public final class PortPlan {

    /** One port of the plan: who uses it, which option sets it, and the number. */
    public record Assignment(String user, String option, int port) {
    }

    public static final String KAFKA = "kafka";
    public static final String KAFKA_CONTROLLER = "kafka controller";
    public static final String S3 = "s3";

    private final Map<String, Assignment> assignments = new LinkedHashMap<>();

    /** Adds a port; 0 picks a free one. */
    public PortPlan assign(String user, String option, int requestedPort) {
        if (requestedPort < 0 || requestedPort > 65535) {
            throw new StackException(option + " " + requestedPort + " is not a TCP port (use 1-65535, or 0 for any free port).");
        }
        int port = requestedPort == 0 ? LoopbackPort.pickFree() : requestedPort;
        assignments.put(user, new Assignment(user, option, port));
        return this;
    }

    public PortPlan assign(Service service, String option, int requestedPort) {
        return assign(service.moduleName(), option, requestedPort);
    }

    public int port(String user) {
        Assignment assignment = assignments.get(user);
        if (assignment == null) {
            throw new IllegalStateException("no port planned for " + user);
        }
        return assignment.port();
    }

    public int port(Service service) {
        return port(service.moduleName());
    }

    public List<Assignment> assignments() {
        return List.copyOf(assignments.values());
    }

    /**
     * Fails with one message that lists every problem: a port given twice, or a port some other program holds.
     * Checked before anything starts, so a clash never leaves half a stack running.
     */
    public void requireUsable(IntPredicate isFree) {
        List<String> problems = new ArrayList<>();
        Map<Integer, Assignment> seen = new HashMap<>();
        for (Assignment assignment : assignments.values()) {
            Assignment earlier = seen.putIfAbsent(assignment.port(), assignment);
            if (earlier != null) {
                problems.add("port " + assignment.port() + " is given to both " + earlier.user() + " (" + earlier.option()
                        + ") and " + assignment.user() + " (" + assignment.option() + ")");
            } else if (!isFree.test(assignment.port())) {
                problems.add("port " + assignment.port() + " for " + assignment.user() + " is already in use (" + assignment.option() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw new StackException("Cannot start the local stack:\n  - " + String.join("\n  - ", problems)
                    + "\nStop whatever holds those ports (an earlier ./tuneline up?), choose others with the options"
                    + " above, or pass --free-ports.");
        }
    }
}

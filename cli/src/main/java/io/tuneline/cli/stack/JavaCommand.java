package io.tuneline.cli.stack;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Command lines for child JVMs, run with the same Java as the launcher. */
public final class JavaCommand {

    private JavaCommand() {
    }

    /** The launcher's own java binary, so children never depend on what PATH happens to hold. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * The launcher's classpath with absolute entries. Started as {@code java -jar cli/target/tuneline-cli.jar}
     * it is that one jar, whose manifest lists embedded-servers and its dependencies — all a broker or S3 child needs.
     */
    public static String launcherClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** {@code java <jvmOptions> -cp <launcher classpath> <mainClass> <args>}. */
    public static List<String> mainClass(List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(launcherClasspath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    /** {@code java <jvmOptions> -jar <jar>}. */
    public static List<String> jar(List<String> jvmOptions, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }
}

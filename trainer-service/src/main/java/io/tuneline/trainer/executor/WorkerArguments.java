package io.tuneline.trainer.executor;

import java.util.ArrayList;
import java.util.List;

/** The worker's command-line arguments from the configured template ({@code {spec}}, {@code {runId}}, …). */
public final class WorkerArguments {

    private WorkerArguments() {
    }

    public static List<String> expand(List<String> template, String spec, String runId, String out, String progress,
                                      String resumeArg, boolean resume) {
        List<String> args = new ArrayList<>(template.size() + 1);
        for (String arg : template) {
            args.add(arg.replace("{spec}", spec).replace("{runId}", runId).replace("{out}", out)
                    .replace("{progress}", progress));
        }
        if (resume) {
            args.add(resumeArg);
        }
        return args;
    }
}

package io.tuneline.trainer.executor;

import java.util.ArrayList;
import java.util.List;

/**
 * The worker's command-line arguments from the configured template: {@code {spec}}, {@code {runId}}, {@code {out}}
 * and {@code {progress}} are replaced. The default template always passes {@code --resume}: trainer-worker then
 * continues from the newest checkpoint under {@code --out} and simply starts when there is none, so a restarted
 * child or a Pod retried by Kubernetes resumes with the same command.
 */
public final class WorkerArguments {

    private WorkerArguments() {
    }

    public static List<String> expand(List<String> template, String spec, String runId, String out,
                                      String progress) {
        List<String> args = new ArrayList<>(template.size());
        for (String arg : template) {
            args.add(arg.replace("{spec}", spec).replace("{runId}", runId).replace("{out}", out)
                    .replace("{progress}", progress));
        }
        return args;
    }
}

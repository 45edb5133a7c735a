package io.tuneline.eval.evaluation;

import java.util.List;

/** The gate's verdict and every reason for it, each a sentence a person understands. */
public record GateDecision(boolean promote, List<String> reasons) {

    public GateDecision {
        reasons = List.copyOf(reasons);
    }

    /** The reasons in one line: {@code ROUGE-L +0.210 [0.180, 0.240] …; sentiment accuracy −12 % exceeds …}. */
    public String summary() {
        return String.join("; ", reasons);
    }
}

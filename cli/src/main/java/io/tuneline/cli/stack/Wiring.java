package io.tuneline.cli.stack;

/** Both round trips of one service. */
public record Wiring(RoundTrip kafka, RoundTrip s3) {

    public static Wiring unreachable(String reason) {
        return new Wiring(RoundTrip.failed(reason), RoundTrip.failed(reason));
    }

    public boolean allOk() {
        return kafka.ok() && s3.ok();
    }
}

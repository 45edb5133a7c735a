package io.tuneline.cli.stack;

/** What the readiness probe of one service said in the end. */
public record Health(State state, String detail) {

    public enum State { UP, DOWN, EXITED }

    public static Health up(String detail) {
        return new Health(State.UP, detail);
    }

    public boolean isUp() {
        return state == State.UP;
    }
}

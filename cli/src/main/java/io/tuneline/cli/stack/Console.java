package io.tuneline.cli.stack;

import java.io.PrintStream;

/**
 * Progress lines of the launcher: a subject column, then what happens to it. Colours only on a terminal
 * (and never with {@code NO_COLOR}), so CI logs and pipes stay plain text.
 */
public final class Console {

    private static final int SUBJECT_WIDTH = 18;
    private static final String GREEN = "\u001B[32m";
    private static final String RED = "\u001B[31m";
    private static final String YELLOW = "\u001B[33m";
    private static final String BOLD = "\u001B[1m";
    private static final String RESET = "\u001B[0m";

    private final PrintStream out;
    private final boolean color;

    public Console(PrintStream out, boolean color) {
        this.out = out;
        this.color = color;
    }

    public static Console system() {
        boolean terminal = System.console() != null && System.getenv("NO_COLOR") == null
                && !"dumb".equals(System.getenv("TERM"));
        return new Console(System.out, terminal);
    }

    /** Whether output goes to a terminal (colours, lines that redraw themselves) rather than a log. */
    public boolean interactive() {
        return color;
    }

    public synchronized void heading(String text) {
        out.println();
        out.println(paint(BOLD, "==> " + text));
    }

    public synchronized void step(String subject, String text) {
        line(subject, text, null);
    }

    public synchronized void ok(String subject, String text) {
        line(subject, text, GREEN);
    }

    public synchronized void warn(String subject, String text) {
        line(subject, text, YELLOW);
    }

    public synchronized void fail(String subject, String text) {
        line(subject, text, RED);
    }

    public synchronized void print(String text) {
        out.print(text);
        out.flush();
    }

    public synchronized void println(String text) {
        out.println(text);
    }

    /** Starts a line for a wait whose end comes later: {@link #tick()} adds a dot, {@link #done} ends the line. */
    public synchronized void waiting(String subject, String text) {
        out.print("  " + padded(subject) + "  " + text + " ");
        out.flush();
    }

    public synchronized void tick() {
        out.print(".");
        out.flush();
    }

    public synchronized void done(boolean ok, String text) {
        out.println(" " + paint(ok ? GREEN : RED, text));
        out.flush();
    }

    /** A failure that ends the run: what went wrong and what to do, in the message. */
    public synchronized void error(String message) {
        out.println();
        out.println(paint(RED, "ERROR: ") + message);
    }

    private void line(String subject, String text, String colour) {
        out.println("  " + padded(subject) + "  " + (colour == null ? text : paint(colour, text)));
        out.flush();
    }

    private static String padded(String subject) {
        return subject.length() >= SUBJECT_WIDTH ? subject : subject + " ".repeat(SUBJECT_WIDTH - subject.length());
    }

    private String paint(String colour, String text) {
        return color ? colour + text + RESET : text;
    }
}

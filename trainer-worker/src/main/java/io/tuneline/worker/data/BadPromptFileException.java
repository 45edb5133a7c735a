package io.tuneline.worker.data;

/** A prompt file that cannot be trained on; the message names the file and the line. */
public final class BadPromptFileException extends RuntimeException {

    public BadPromptFileException(String message) {
        super(message);
    }
}

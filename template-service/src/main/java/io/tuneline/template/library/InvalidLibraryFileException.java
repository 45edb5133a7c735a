package io.tuneline.template.library;

/** A template or task file that cannot be read; the message says where. */
public class InvalidLibraryFileException extends RuntimeException {

    public InvalidLibraryFileException(String message) {
        super(message);
    }

    public InvalidLibraryFileException(String message, Throwable cause) {
        super(message, cause);
    }
}

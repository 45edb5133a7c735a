package io.tuneline.template.service;

/** No render with this id for this dataset version (or no such split in it); the REST layer answers 404. */
public class RenderNotFoundException extends RuntimeException {

    public RenderNotFoundException(String message) {
        super(message);
    }
}

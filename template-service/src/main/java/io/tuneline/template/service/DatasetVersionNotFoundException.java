package io.tuneline.template.service;

import java.util.Map;

/** The dataset version to render, or one of its split files, is not in object storage: a 404. */
public class DatasetVersionNotFoundException extends RenderRejectedException {

    public static final String VERSION_NOT_FOUND = "dataset-version-not-found";
    public static final String SPLIT_NOT_FOUND = "dataset-split-not-found";

    public DatasetVersionNotFoundException(String reason, String message, Map<String, Object> details) {
        super(reason, message, details);
    }
}

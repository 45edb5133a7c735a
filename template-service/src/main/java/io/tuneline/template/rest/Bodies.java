package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiException;

/** Requests whose body is missing get a 400 that says so, not a failure deeper down. */
final class Bodies {

    private Bodies() {
    }

    static <T> T required(T body) {
        if (body == null) {
            throw missing();
        }
        return body;
    }

    static ApiException missing() {
        return ApiException.badRequest("missing-body", "the request needs a body");
    }
}

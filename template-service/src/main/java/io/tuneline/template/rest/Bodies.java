package io.tuneline.template.rest;

import io.tuneline.common.rest.ApiException;

/** Request bodies the resources share: a missing body is a 400. */
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

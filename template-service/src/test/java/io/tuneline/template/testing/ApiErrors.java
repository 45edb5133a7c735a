package io.tuneline.template.testing;

import io.tuneline.common.rest.ApiException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Assertions on the {@link ApiException}s the registries and services throw. */
public final class ApiErrors {

    private ApiErrors() {
    }

    /** {@code call} fails with this HTTP status and machine-readable error code. */
    public static void assertRejected(ThrowingCallable call, int status, String error) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.toApiError().error()).isEqualTo(error);
        });
    }
}

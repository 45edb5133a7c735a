package io.tuneline.dataset.validation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A row that was not accepted: where it was, why, and (for the dead letter only) what it said.
 *
 * @param row       line number in the upload where the row starts (1-based)
 * @param exampleId the row's id when it had one
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(long row, String code, String reason, String exampleId,
                        @JsonIgnore String payload) {

    public static Rejection of(long row, RejectionCode code, String reason, String exampleId, String payload) {
        return new Rejection(row, code.wireName(), reason, exampleId, payload);
    }
}

package io.tuneline.dataset.validation;

/** Why a row was not accepted; the wire name is the dead letter's {@code errorCode} and the report's {@code code}. */
public enum RejectionCode {
    EMPTY_FIELD("empty-field"),
    MISSING_FIELD("missing-field"),
    INVALID_UTF8("invalid-utf8"),
    TOO_LONG("too-long"),
    MALFORMED_ROW("malformed-row"),
    DUPLICATE("duplicate"),
    NORMALIZED_DUPLICATE("normalized-duplicate"),
    WRONG_TYPE("wrong-type"),
    CONTROL_CHARACTER("control-character");

    private final String wireName;

    RejectionCode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}

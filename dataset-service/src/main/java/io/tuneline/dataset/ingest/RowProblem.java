package io.tuneline.dataset.ingest;

import io.tuneline.dataset.validation.RejectionCode;

/** Why a row could be delimited but not read (bad bytes, broken JSON, wrong field count). */
public record RowProblem(RejectionCode code, String message) {
}

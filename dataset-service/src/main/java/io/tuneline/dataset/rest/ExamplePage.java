package io.tuneline.dataset.rest;

import io.tuneline.dataset.model.Example;

import java.util.List;

/** One page of a split; {@code nextOffset} is null on the last page. */
public record ExamplePage(String datasetId, String versionId, String split, long offset, int limit, long total,
                          Long nextOffset, List<Example> items) {
}

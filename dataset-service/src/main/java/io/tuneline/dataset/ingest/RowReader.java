package io.tuneline.dataset.ingest;

import java.util.List;

/** Reads an upload row by row without holding more than one row in memory. */
public interface RowReader {

    /** The field names of the upload: the CSV header, or the keys of the first JSON object. */
    List<String> columns();

    /** The line where {@link #columns()} were found, for positions in mapping errors. */
    long columnsLine();

    /** The next row, or {@code null} at the end. */
    RawRow next();
}

package io.tuneline.template.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.tuneline.contracts.events.ObjectRef;
import io.tuneline.contracts.storage.StorageLayout;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Renders one split of a version made of segments, segment by segment: a segment already rendered under the same
 * segment render key (by an earlier version's render) is copied with its counts, the others are rendered and kept
 * for the next version. The output equals rendering the whole split at once: each example's phrasing depends only
 * on the seed and its id, and line numbers continue across segments.
 */
@ApplicationScoped
public class SegmentReuse {

    private static final Logger LOG = Logger.getLogger(SegmentReuse.class);

    private final RenderStore renders;
    private final DatasetVersions datasetVersions;
    private final StorageLayout layout;
    private final MeterRegistry metrics;

    SegmentReuse(RenderStore renders, DatasetVersions datasetVersions, StorageLayout layout, MeterRegistry metrics) {
        this.renders = renders;
        this.datasetVersions = datasetVersions;
        this.layout = layout;
        this.metrics = metrics;
    }

    /** Renders {@code split} of the component's segments into {@code output}; {@code renderId} is for the log. */
    SplitSummary render(RenderTarget target, String renderId, ObjectRef output, String split,
                        RenderComponent component, String segmentKey, ExampleRenderer examples) {
        SplitTally tally = new SplitTally();
        long linesBefore = 0;
        int reused = 0;
        List<DatasetVersions.Segment> segments = component.segments().get(split);
        Path file = null;
        try {
            file = TemporaryFiles.create("render-" + split + "-");
            try (OutputStream out = Files.newOutputStream(file)) {
                for (DatasetVersions.Segment segment : segments) {
                    String name = segment.sha256().substring(0, Math.min(32, segment.sha256().length())) + "-"
                            + (linesBefore + 1);
                    ObjectRef prompts = layout.promptsSegment(target.datasetId(), segmentKey, name);
                    ObjectRef counts = layout.promptsSegmentSummary(target.datasetId(), segmentKey, name);
                    Optional<SplitSummary> done = renders.segmentSummary(counts);
                    if (done.isPresent()) {
                        try (InputStream in = renders.open(prompts)) {
                            in.transferTo(out);
                        }
                        tally.add(done.get());
                        reused++;
                    } else {
                        tally.add(renderSegment(component, split, segment, linesBefore, prompts, counts, examples,
                                out));
                    }
                    linesBefore += segment.examples();
                }
            }
            renders.putSplit(output, file);
        } catch (IOException e) {
            throw new UncheckedIOException("rendering split '" + split + "' failed", e);
        } finally {
            TemporaryFiles.deleteQuietly(file);
        }
        metrics.counter("tuneline.template.segments", "outcome", "reused").increment(reused);
        metrics.counter("tuneline.template.segments", "outcome", "rendered").increment(segments.size() - reused);
        LOG.infof("Render %s of %s/%s, split %s: %d of %d segments reused, %d rendered", renderId,
                target.datasetId(), target.versionId(), split, reused, segments.size(), segments.size() - reused);
        return tally.summary(output);
    }

    /** Renders one dataset segment, keeps it for later renders, and appends it to {@code out}. */
    private SplitSummary renderSegment(RenderComponent component, String split, DatasetVersions.Segment segment,
                                       long linesBefore, ObjectRef prompts, ObjectRef counts,
                                       ExampleRenderer examples, OutputStream out) throws IOException {
        Path part = TemporaryFiles.create("render-segment-");
        try {
            SplitTally tally = new SplitTally();
            try (BufferedReader reader = datasetVersions.segmentReader(segment);
                 BufferedWriter writer = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                long lineNumber = linesBefore;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (!line.isBlank()) {
                        examples.render(component, split, new ComponentCursor.Selected(line, lineNumber, 0), writer,
                                tally);
                    }
                }
            }
            SplitSummary summary = tally.summary(prompts);
            renders.putSegment(prompts, part, counts, summary);
            Files.copy(part, out);
            return summary;
        } finally {
            TemporaryFiles.deleteQuietly(part);
        }
    }
}

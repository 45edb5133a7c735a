package io.tuneline.deploy.image;

import java.nio.file.Path;
import java.util.List;

/**
 * One layer of an image: files copied from the build machine to absolute paths in the image. Layers are ordered from
 * the least to the most often changing, so a new build of the application re-sends only its last layer.
 */
public record ImageLayer(String name, List<Entry> entries) {

    public ImageLayer {
        entries = List.copyOf(entries);
    }

    /** A file, or a directory copied recursively, and where it lands in the image. */
    public record Entry(Path source, String target) {
    }

    public static ImageLayer of(String name, Path source, String target) {
        return new ImageLayer(name, List.of(new Entry(source, target)));
    }
}

package io.tuneline.deploy.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads an image tarball the way a registry client would: an OCI image layout ({@code index.json} → manifest →
 * config) or a {@code docker save} archive ({@code manifest.json} → config), without Docker or Jib.
 */
public final class ImageTarball {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ImageTarball() {
    }

    /** What the tarball holds: its layout, the image configuration and every path in its layers. */
    public record Contents(String layout, ImageConfig config, Set<String> paths) {
    }

    public static Contents read(Path tarball) throws IOException {
        Map<String, byte[]> files = readSmallEntries(tarball);
        String layout;
        String configName;
        List<String> layerNames = new ArrayList<>();
        if (files.containsKey("index.json")) {
            layout = "oci";
            JsonNode index = JSON.readTree(files.get("index.json"));
            JsonNode manifest = JSON.readTree(blob(files, index.path("manifests").path(0).path("digest").asText()));
            configName = blobName(manifest.path("config").path("digest").asText());
            manifest.path("layers").forEach(layer -> layerNames.add(blobName(layer.path("digest").asText())));
        } else if (files.containsKey("manifest.json")) {
            layout = "docker";
            JsonNode manifest = JSON.readTree(files.get("manifest.json")).path(0);
            configName = manifest.path("Config").asText();
            manifest.path("Layers").forEach(layer -> layerNames.add(layer.asText()));
        } else {
            throw new IOException(tarball + " is neither an OCI image layout nor a docker save archive");
        }
        byte[] config = files.get(configName);
        if (config == null) {
            throw new IOException(tarball + " has no image configuration " + configName);
        }
        return new Contents(layout, ImageConfig.parse(JSON.readTree(config)), layerPaths(tarball, layerNames));
    }

    /** JSON entries (index, manifests, configuration); layers are only listed, never held in memory. */
    private static Map<String, byte[]> readSmallEntries(Path tarball) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (TarArchiveInputStream tar = open(tarball)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                if (entry.isFile() && entry.getSize() < 1_000_000) {
                    files.put(normalize(entry.getName()), tar.readAllBytes());
                }
            }
        }
        return files;
    }

    private static Set<String> layerPaths(Path tarball, List<String> layerNames) throws IOException {
        Set<String> wanted = new LinkedHashSet<>(layerNames);
        Map<String, List<String>> pathsByLayer = new LinkedHashMap<>();
        try (TarArchiveInputStream tar = open(tarball)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                String name = normalize(entry.getName());
                if (wanted.contains(name)) {
                    pathsByLayer.put(name, listLayer(tar));
                }
            }
        }
        Set<String> paths = new LinkedHashSet<>();
        layerNames.forEach(layer -> paths.addAll(pathsByLayer.getOrDefault(layer, List.of())));
        return paths;
    }

    private static List<String> listLayer(InputStream layerBlob) throws IOException {
        List<String> paths = new ArrayList<>();
        // Layers are gzip-compressed tars; the outer stream must stay open, so the inner ones are not closed.
        TarArchiveInputStream layer = new TarArchiveInputStream(new GZIPInputStream(new NonClosing(layerBlob)));
        for (TarArchiveEntry entry = layer.getNextEntry(); entry != null; entry = layer.getNextEntry()) {
            paths.add("/" + normalize(entry.getName()).replaceAll("/$", ""));
        }
        return paths;
    }

    private static TarArchiveInputStream open(Path tarball) throws IOException {
        return new TarArchiveInputStream(new BufferedInputStream(Files.newInputStream(tarball)));
    }

    private static byte[] blob(Map<String, byte[]> files, String digest) throws IOException {
        byte[] blob = files.get(blobName(digest));
        if (blob == null) {
            throw new IOException("missing blob " + digest);
        }
        return blob;
    }

    private static String blobName(String digest) {
        return "blobs/" + digest.replace(':', '/');
    }

    private static String normalize(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    /** Lets a nested archive reader finish without closing the enclosing tar stream. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}

package io.tuneline.trainer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.Map;

/** Counts parameters from a safetensors file's header alone (8-byte little-endian length, then JSON), not its data. */
public final class SafetensorsHeader {

    /** Headers are a few hundred KB even for big models; anything larger is not a safetensors file. */
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private SafetensorsHeader() {
    }

    public static long parameterCount(InputStream in, ObjectMapper json) throws IOException {
        byte[] lengthBytes = in.readNBytes(8);
        if (lengthBytes.length < 8) {
            throw new IOException("not a safetensors file: shorter than 8 bytes");
        }
        long length = ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (length <= 0 || length > MAX_HEADER_BYTES) {
            throw new IOException("not a safetensors file: header length " + length);
        }
        JsonNode header = json.readTree(in.readNBytes((int) length));
        long count = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> tensor = it.next();
            if (tensor.getKey().equals("__metadata__")) {
                continue;
            }
            long elements = 1;
            for (JsonNode dimension : tensor.getValue().path("shape")) {
                elements *= dimension.asLong();
            }
            count += elements;
        }
        return count;
    }
}

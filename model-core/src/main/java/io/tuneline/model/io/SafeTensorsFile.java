package io.tuneline.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length, a JSON header (name to dtype,
 * shape and byte range) and the raw little-endian tensor bytes. Tensors are read one at a time from a
 * memory mapping of just their byte range, so loading never holds more than the weights plus one tensor.
 */
public final class SafeTensorsFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    /** One tensor's header entry; {@code begin}/{@code end} are absolute file offsets. */
    public record TensorInfo(String name, String dtype, Shape shape, long begin, long end) {
    }

    private final Path path;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafeTensorsFile(Path path, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Parses the header; no tensor data is read. */
    public static SafeTensorsFile open(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER_BYTES || 8 + headerLength > channel.size()) {
                throw new IllegalArgumentException(path + " is not a safetensors file (header length "
                        + headerLength + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("__metadata__")) {
                    field.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                JsonNode entry = field.getValue();
                JsonNode dims = entry.get("shape");
                long[] shape = new long[dims.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = dims.get(i).asLong();
                }
                TensorInfo info = new TensorInfo(field.getKey(), entry.get("dtype").asText(), new Shape(shape),
                        dataStart + entry.get("data_offsets").get(0).asLong(),
                        dataStart + entry.get("data_offsets").get(1).asLong());
                long expectedBytes = info.shape().size() * storedType(info).getNumOfBytes();
                if (info.end() - info.begin() != expectedBytes || info.end() > channel.size()) {
                    throw new IllegalArgumentException(path + ": tensor " + info.name() + " has "
                            + (info.end() - info.begin()) + " bytes, its dtype and shape need " + expectedBytes);
                }
                tensors.put(info.name(), info);
            }
            return new SafeTensorsFile(path, Collections.unmodifiableMap(tensors),
                    Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read safetensors header of " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    /** Header entries in file order. */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Reads one tensor into a new array owned by {@code manager}. Float16 and bfloat16 are widened to float32;
     * other types keep their type.
     */
    public NDArray read(String name, NDManager manager) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new IllegalArgumentException(path + " has no tensor " + name);
        }
        DataType stored = storedType(info);
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, info.begin(), info.end() - info.begin())
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (stored == DataType.BFLOAT16) {
                bytes = BFloat16.widen(bytes);
                stored = DataType.FLOAT32;
            }
            // The engine wraps the buffer without copying; copy (or widen) into memory the array owns.
            try (NDArray wrapped = manager.create(bytes, info.shape(), stored)) {
                NDArray owned = stored == DataType.FLOAT16 ? wrapped.toType(DataType.FLOAT32, true)
                        : wrapped.duplicate();
                owned.setName(name);
                return owned;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read tensor " + name + " from " + path, e);
        }
    }

    /** The engine type of a safetensors dtype name. */
    static DataType storedType(TensorInfo info) {
        return switch (info.dtype()) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "F64" -> DataType.FLOAT64;
            case "I64" -> DataType.INT64;
            case "I32" -> DataType.INT32;
            case "I8" -> DataType.INT8;
            case "U8" -> DataType.UINT8;
            case "BOOL" -> DataType.BOOLEAN;
            default -> throw new IllegalArgumentException("unsupported safetensors dtype " + info.dtype()
                    + " of tensor " + info.name());
        };
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position) throws IOException {
        long offset = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, offset);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
            offset += read;
        }
    }
}

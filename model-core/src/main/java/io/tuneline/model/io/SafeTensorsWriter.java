package io.tuneline.model.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Map;

/** Writes tensors as one {@code .safetensors} file, converting and copying one tensor at a time. */
public final class SafeTensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensorsWriter() {
    }

    /**
     * Writes {@code tensors} in map order, each stored as {@code storedType} (float tensors only; integer
     * tensors keep their type). The header carries {@code "format": "pt"}, which transformers expects.
     */
    public static void write(Path file, Map<String, NDArray> tensors, DataType storedType) {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray tensor = entry.getValue();
            DataType type = targetType(tensor, storedType);
            long bytes = tensor.getShape().size() * type.getNumOfBytes();
            ObjectNode info = header.putObject(entry.getKey());
            info.put("dtype", dtypeName(type));
            ArrayNode shape = info.putArray("shape");
            Arrays.stream(tensor.getShape().getShape()).forEach(shape::add);
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] headerBytes = paddedHeader(header);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer prefix = ByteBuffer.allocate(8 + headerBytes.length).order(ByteOrder.LITTLE_ENDIAN);
            prefix.putLong(headerBytes.length).put(headerBytes).flip();
            writeFully(channel, prefix);
            for (NDArray tensor : tensors.values()) {
                DataType type = targetType(tensor, storedType);
                if (type == DataType.BFLOAT16) {
                    try (NDArray float32 = tensor.toType(DataType.FLOAT32, true)) {
                        writeFully(channel, BFloat16.narrow(float32.toByteBuffer()));
                    }
                    continue;
                }
                try (NDArray converted = tensor.toType(type, true)) {
                    writeFully(channel, converted.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The safetensors dtype name of an engine type. */
    static String dtypeName(DataType type) {
        return switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            case FLOAT64 -> "F64";
            case INT64 -> "I64";
            case INT32 -> "I32";
            case INT8 -> "I8";
            case UINT8 -> "U8";
            case BOOLEAN -> "BOOL";
            default -> throw new IllegalArgumentException("cannot store " + type + " in safetensors");
        };
    }

    private static DataType targetType(NDArray tensor, DataType storedType) {
        return tensor.getDataType().isFloating() ? storedType : tensor.getDataType();
    }

    /** The header JSON padded with spaces to a multiple of 8 bytes, as the reference implementation does. */
    private static byte[] paddedHeader(ObjectNode header) throws UncheckedIOException {
        try {
            byte[] raw = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
            int padded = (raw.length + 7) / 8 * 8;
            byte[] result = Arrays.copyOf(raw, padded);
            Arrays.fill(result, raw.length, padded, (byte) ' ');
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}

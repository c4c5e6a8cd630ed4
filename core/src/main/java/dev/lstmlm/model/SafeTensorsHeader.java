package dev.lstmlm.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lstmlm.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validation of a {@link SafeTensors} header, with the reference implementation's rules: one
 * JSON object without duplicate keys or trailing tokens, F32 entries whose shapes match their
 * offsets, string metadata, and tensors that tile the data section exactly (no overlap, gap or
 * trailing byte). It runs before any tensor memory is allocated.
 */
final class SafeTensorsHeader {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private SafeTensorsHeader() {}

    /** The header in {@code bytes}, validated against a data section of {@code dataLength} bytes from {@code dataStart}. */
    static SafeTensors.Header parse(Path file, byte[] bytes, long dataStart, long dataLength) {
        if (bytes[0] != '{') throw corrupt(file, "its header does not start with a JSON object");
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw corrupt(file, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from a byte array cannot fail otherwise
        }
        if (root == null || !root.isObject()) throw corrupt(file, "its header is not a JSON object");

        Map<String, String> metadata = new LinkedHashMap<>();
        List<SafeTensors.Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            String name = field.getKey();
            JsonNode node = field.getValue();
            if (name.equals(SafeTensors.METADATA_KEY)) {
                if (!node.isObject()) throw corrupt(file, "its __metadata__ is not a JSON object");
                for (Map.Entry<String, JsonNode> m : node.properties()) {
                    if (!m.getValue().isTextual()) {
                        throw corrupt(file, "its metadata value \"" + m.getKey() + "\" is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().textValue());
                }
            } else {
                entries.add(entry(file, name, node));
            }
        }

        entries.sort(Comparator.comparingLong(SafeTensors.Entry::begin).thenComparingLong(SafeTensors.Entry::end));
        long expected = 0;
        for (SafeTensors.Entry e : entries) {
            if (e.end() > dataLength) {
                throw corrupt(file, "tensor " + e.name() + " ends at byte " + e.end() + " but the data section has only "
                        + dataLength + " bytes (the file is truncated)");
            }
            if (e.begin() != expected) {
                throw corrupt(file, "tensor " + e.name() + " starts at byte " + e.begin() + " where byte " + expected
                        + " was expected, so tensors overlap or leave a gap");
            }
            expected = e.end();
        }
        if (expected != dataLength) {
            throw corrupt(file, "its data section has " + (dataLength - expected) + " bytes that belong to no tensor");
        }
        return new SafeTensors.Header(entries, metadata, dataStart);
    }

    private static SafeTensors.Entry entry(Path file, String name, JsonNode node) {
        if (!node.isObject()) throw corrupt(file, "the header entry of tensor " + name + " is not a JSON object");
        JsonNode dtype = node.get("dtype");
        if (dtype == null || !dtype.isTextual()) throw corrupt(file, "tensor " + name + " has no dtype");
        if (!dtype.textValue().equals("F32")) {
            throw new UserError(file + " holds tensor " + name + " as " + dtype.textValue()
                    + " but only F32 is supported; convert the file to float32 (e.g. tensor.float() in PyTorch) and save it again");
        }
        JsonNode shapeNode = node.get("shape");
        if (shapeNode == null || !shapeNode.isArray()) throw corrupt(file, "tensor " + name + " has no shape array");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || !d.isIntegralNumber() || d.intValue() < 0) {
                throw corrupt(file, "tensor " + name + " has a shape entry that is not a non-negative int: " + d);
            }
            shape[i] = d.intValue();
        }
        long count = elementCount(shape);
        if (count > Integer.MAX_VALUE) {
            throw corrupt(file, "tensor " + name + " declares " + count + " elements, more than 2^31");
        }
        JsonNode offsets = node.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2
                || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()
                || !offsets.get(0).isIntegralNumber() || !offsets.get(1).isIntegralNumber()) {
            throw corrupt(file, "tensor " + name + " has no data_offsets pair of integers");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (begin < 0 || end < begin) {
            throw corrupt(file, "tensor " + name + " has data_offsets [" + begin + ", " + end + "] that run backwards");
        }
        if (end - begin != count * Float.BYTES) {
            throw corrupt(file, "tensor " + name + " has shape " + Arrays.toString(shape) + " (" + count
                    + " floats) but its data_offsets span " + (end - begin) + " bytes");
        }
        return new SafeTensors.Entry(name, shape, begin, end);
    }

    /** Product of the dimensions, saturating at Long.MAX_VALUE (so an absurd shape fails the size checks). */
    static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d != 0 && n > Long.MAX_VALUE / d) return Long.MAX_VALUE;
            n *= d;
        }
        return n;
    }

    static UserError corrupt(Path file, String reason) {
        return new UserError(file + " is not a valid safetensors file: " + reason + "; it is damaged, so use another copy or save it again");
    }
}

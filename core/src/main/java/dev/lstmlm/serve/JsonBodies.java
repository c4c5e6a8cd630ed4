package dev.lstmlm.serve;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Request bodies as records, strictly: an unknown field, a value of the wrong type ({@code "5"} for
 * a number, {@code 5} for a string, {@code 2.5} for an integer), duplicate keys and anything after
 * the JSON value are errors, each turned into one sentence that names the field and says what it
 * takes, without Java's names for things.
 */
final class JsonBodies {
    static final ObjectMapper MAPPER = mapper();

    private JsonBodies() {}

    private static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        return m;
    }

    /**
     * Reads at most {@code maxBytes} of {@code in} as one {@code type}; an empty body is
     * {@code emptyValue} when that is not null.
     *
     * @param example a body that would be accepted, for the error messages
     */
    static <T> T read(InputStream in, long maxBytes, Class<T> type, T emptyValue, String example) {
        byte[] body;
        try {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read (" + e.getMessage() + "); send it again");
        }
        if (body.length > maxBytes) throw tooLarge(maxBytes);
        if (isBlank(body)) {
            if (emptyValue != null) return emptyValue;
            throw ApiError.badRequest("the request body is empty; send a JSON object such as " + example);
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw describe(e, example);
        } catch (IOException e) {
            throw ApiError.badRequest("the request body could not be read (" + e.getMessage() + "); send it again");
        }
    }

    static ApiError tooLarge(long maxBytes) {
        return new ApiError(413, "invalid_request_error", "the request body is larger than " + maxBytes
                + " bytes; send less text per request", 0);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return false;
        }
        return true;
    }

    /** One sentence for what Jackson found wrong. */
    static ApiError describe(JsonProcessingException e, String example) {
        if (e instanceof UnrecognizedPropertyException u) {
            return ApiError.badRequest("unknown field \"" + u.getPropertyName() + "\"; the fields are " + names(u.getKnownPropertyIds()));
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Trailing token")) {
            return ApiError.badRequest("the request body has more after its JSON value; send exactly one JSON object such as " + example);
        }
        if (original.startsWith("Duplicate field")) {
            return ApiError.badRequest("the request body has the field " + quotedField(original) + " twice; send each field once");
        }
        String field = e instanceof JsonMappingException m ? path(m) : "";
        if (field.isEmpty() && e.getProcessor() instanceof JsonParser p) field = currentName(p);
        if (e instanceof JsonMappingException m && !field.isEmpty()) {
            return ApiError.badRequest("field \"" + field + "\" must be " + expected(m) + "; see the example " + example);
        }
        if (e instanceof JsonMappingException) {
            return ApiError.badRequest("the request body must be a JSON object such as " + example);
        }
        if (!field.isEmpty() && original.contains("out of range")) {
            return ApiError.badRequest("field \"" + field + "\" is a number out of range; send a smaller one");
        }
        String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return ApiError.badRequest("the request body is not valid JSON" + where + "; send a JSON object such as " + example);
    }

    private static String currentName(JsonParser p) {
        try {
            String name = p.currentName();
            return name == null ? "" : name;
        } catch (IOException | RuntimeException ex) {
            return "";
        }
    }

    /** "texts[2]", "stop", ... */
    private static String path(JsonMappingException m) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!s.isEmpty()) s.append('.');
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String expected(JsonMappingException m) {
        Class<?> t = m instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mi ? mi.getTargetType() : null;
        if (t == null) return "of another type";
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
        if (t == Double.class || t == double.class || t == Float.class || t == float.class) return "a number";
        if (t == Boolean.class || t == boolean.class) return "true or false";
        if (t == String.class) return "a string";
        if (Collection.class.isAssignableFrom(t) || t.isArray()) return "a list";
        return "a JSON object";
    }

    private static String quotedField(String message) {
        int a = message.indexOf('\'');
        int b = a < 0 ? -1 : message.indexOf('\'', a + 1);
        return b > a ? "\"" + message.substring(a + 1, b) + "\"" : "";
    }

    private static String names(Collection<Object> ids) {
        TreeSet<String> sorted = new TreeSet<>();
        for (Object id : ids) sorted.add(String.valueOf(id));
        return String.join(", ", sorted);
    }
}

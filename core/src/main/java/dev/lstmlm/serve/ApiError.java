package dev.lstmlm.serve;

/**
 * A request the server answers with an error status and {@code {"error": {"message", "type"}}}
 * (OpenAI's error shape): the message is one sentence that names what is wrong and how to fix it.
 */
final class ApiError extends RuntimeException {
    final int status;
    final String type;
    /** Seconds for a Retry-After header, or 0 for none. */
    final int retryAfterSeconds;

    ApiError(int status, String type, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, "invalid_request_error", message, 0);
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found_error", message, 0);
    }

    static ApiError busy(String message) {
        return new ApiError(429, "rate_limit_error", message, 1);
    }

    static ApiError unavailable(String message) {
        return new ApiError(503, "unavailable_error", message, 5);
    }
}

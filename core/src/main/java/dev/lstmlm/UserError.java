package dev.lstmlm;

/**
 * An error the user caused and can fix: a bad path, a corrupt file, a wrong flag.
 *
 * <p>The message is one sentence that names what is wrong and what to do about it. The command
 * line prints it without a stack trace and exits with {@link #EXIT_CODE}.
 */
public class UserError extends RuntimeException {
    /** Exit code of a command that stopped on a user error. */
    public static final int EXIT_CODE = 2;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}

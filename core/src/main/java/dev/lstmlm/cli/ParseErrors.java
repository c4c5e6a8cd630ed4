package dev.lstmlm.cli;

import dev.lstmlm.UserError;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine;

/**
 * Prints a command-line parse error as one sentence that names the problem and points to the
 * command's help, instead of picocli's whole usage: {@code error: Invalid value for option '--seed':
 * 'abc' is not a long; see `lstmlm train --help`}. A shell glob that expanded to several files where
 * one is wanted ({@code --model runs/ptb-small-*}) is told apart and named as such.
 */
final class ParseErrors implements CommandLine.IParameterExceptionHandler {
    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        if (cl.getCommandSpec().parent() == null && cl.getParseResult() != null && !cl.getParseResult().hasSubcommand()
                && ex.getMessage().startsWith("Missing command")) {
            err.println(ex.getMessage()); // `lstmlm` alone: the list of commands is the answer
            cl.usage(err);
            return UserError.EXIT_CODE;
        }
        err.println("error: " + sentence(ex, args) + "; see `" + cl.getCommandSpec().qualifiedName() + " --help`");
        err.flush();
        return UserError.EXIT_CODE;
    }

    /** The problem, without a final period. */
    static String sentence(CommandLine.ParameterException ex, String[] args) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u) {
            List<String> extra = u.getUnmatched();
            String glob = globOption(args, extra);
            if (glob != null) {
                return glob + " takes one path but the shell expanded a pattern to " + (extra.size() + 1) + " ("
                        + String.join(", ", preceding(args, extra)) + "); give one of them";
            }
        }
        String m = ex.getMessage().strip();
        if (m.endsWith(".")) m = m.substring(0, m.length() - 1);
        return m;
    }

    /** The option (such as --model) whose value was followed by the unmatched existing paths, or null. */
    private static String globOption(String[] args, List<String> extra) {
        if (extra.isEmpty() || !extra.stream().allMatch(a -> !a.startsWith("-") && Files.exists(Path.of(a)))) return null;
        int first = indexOf(args, extra.getFirst());
        if (first < 2 || !args[first - 2].startsWith("--") || !Files.exists(Path.of(args[first - 1]))) return null;
        return args[first - 2];
    }

    private static List<String> preceding(String[] args, List<String> extra) {
        int first = indexOf(args, extra.getFirst());
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(args[first - 1]), extra.stream()).toList();
    }

    private static int indexOf(String[] args, String a) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(a)) return i;
        }
        return -1;
    }
}

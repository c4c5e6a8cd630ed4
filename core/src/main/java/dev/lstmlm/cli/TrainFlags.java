package dev.lstmlm.cli;

import dev.lstmlm.train.TrainOption;
import dev.lstmlm.train.TrainOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The flags of {@code lstmlm train} that set training options: one per entry of {@link TrainOptions},
 * added to the command by picocli as it builds it, so that a new option needs no code here. Public for
 * the commands of other modules that train ({@code lstmlm spark train}).
 */
public final class TrainFlags implements CommandLine.IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
        for (TrainOption<?> o : TrainOptions.ALL) {
            if (!o.isFlag()) continue;
            OptionSpec.Builder flag = OptionSpec.builder(o.flag()).paramLabel(o.label()).description(o.help()).type(flagType(o));
            if (o.kind().type() == Boolean.class) flag.arity("0..1"); // --tie-weights alone means true
            spec.addOption(flag.build());
        }
        return spec;
    }

    /** The option's own type for numbers, booleans and text (picocli converts and reports bad values), text for choices. */
    private static Class<?> flagType(TrainOption<?> o) {
        Class<?> t = o.kind().type();
        return t == Integer.class || t == Long.class || t == Double.class || t == Boolean.class ? t : String.class;
    }

    /** The training options given on the command line of {@code spec}'s last parse, JSON key → value. */
    public static Map<String, Object> given(CommandSpec spec) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrainOption<?> o : TrainOptions.ALL) {
            if (o.isFlag() && parsed.hasMatchedOption(o.flag())) m.put(o.key(), parsed.matchedOptionValue(o.flag(), null));
        }
        return m;
    }
}

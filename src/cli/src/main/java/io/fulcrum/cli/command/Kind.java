package io.fulcrum.cli.command;

import io.fulcrum.cli.CliException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The resource kinds {@code get} and {@code list} read, by their REST collection's name. */
enum Kind {
    DIRECTORS("directors", "director", "dir"),
    VRRP_GROUPS("vrrp-groups", "vrrp-group", "vg"),
    VIRTUAL_SERVERS("virtual-servers", "virtual-server", "vs"),
    REAL_SERVERS("real-servers", "real-server", "rs");

    final String plural;
    final String singular;
    final String shortName;

    Kind(String plural, String singular, String shortName) {
        this.plural = plural;
        this.singular = singular;
        this.shortName = shortName;
    }

    static Kind parse(String s) {
        String k = s.toLowerCase(Locale.ROOT);
        for (Kind kind : values())
            if (k.equals(kind.plural) || k.equals(kind.singular) || k.equals(kind.shortName)) return kind;
        throw new CliException(
                "unknown kind '" + s + "'",
                "use one of " + String.join(", ", new Names()) + " (singular and vs, rs, vg, dir work too)");
    }

    static final class Converter implements ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            try {
                return parse(value);
            } catch (CliException e) {
                throw new TypeConversionException(e.getMessage() + ": " + e.hint());
            }
        }
    }

    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(values()).map(k -> k.plural).iterator();
        }
    }
}

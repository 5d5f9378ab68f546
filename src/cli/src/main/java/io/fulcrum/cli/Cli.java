package io.fulcrum.cli;

import io.fulcrum.cli.render.ErrorView;
import java.lang.reflect.Constructor;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.IVersionProvider;

/**
 * Builds and runs the command line: every command gets the {@link Context}; a {@link CliException} is
 * printed as an error with its hint (exit 1); invalid arguments print the usage (exit 1, so that 2 means
 * only "plan: changes").
 */
public final class Cli {
    private static final System.Logger LOG = System.getLogger(Cli.class.getName());

    private Cli() {}

    public static CommandLine commandLine(Context ctx) {
        CommandLine cl = new CommandLine(Ctl.class, new Factory(ctx));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        exitCodes(cl);
        cl.setOut(ctx.out());
        cl.setErr(ctx.err());
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            CliException ce = e instanceof CliException c
                    ? c
                    : new CliException(
                            "unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                            "run again with FULCRUM_LOG_LEVEL=debug for the details, and report it if it persists",
                            e);
            LOG.log(System.Logger.Level.DEBUG, "command failed", e);
            ctx.err().print(ErrorView.render(ce, ctx.style()));
            ctx.err().flush();
            return 1;
        });
        return cl;
    }

    private static void exitCodes(CommandLine cl) {
        cl.getCommandSpec().exitCodeOnInvalidInput(1).exitCodeOnExecutionException(1);
        cl.getSubcommands().values().forEach(Cli::exitCodes);
    }

    /** Runs {@code args}; the exit status. */
    public static int run(Context ctx, String... args) {
        if (Arrays.asList(args).contains("--no-color")) ctx.noColor(true);
        CommandLine cl = commandLine(ctx);
        cl.setColorScheme(CommandLine.Help.defaultColorScheme(
                ctx.style().colour() ? CommandLine.Help.Ansi.ON : CommandLine.Help.Ansi.OFF));
        try {
            return cl.execute(args);
        } finally {
            ctx.out().flush();
            ctx.err().flush();
        }
    }

    /** Creates the commands with the context (a constructor taking it), others as picocli does. */
    private record Factory(Context ctx) implements IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            try {
                Constructor<K> c = cls.getDeclaredConstructor(Context.class);
                return c.newInstance(ctx);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(cls);
            }
        }
    }

    /** The jar's Implementation-Version, "dev" when run from classes. */
    public static String version() {
        String v = Cli.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    public static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"fulcrum-cli " + version()};
        }
    }
}

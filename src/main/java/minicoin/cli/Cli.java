package minicoin.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The client's entry point: {@code java -cp node.jar minicoin.cli.Cli [OPTIONS] VERB [ARGUMENTS]},
 * run by {@code scripts/cli}. Prints the result on stdout; on failure prints one line on stderr,
 * never a stack trace, and exits with {@link #EXIT_FAILURE} (the node failed or could not be
 * reached) or {@link #EXIT_USAGE} (the command line is wrong; nothing was sent).
 */
public final class Cli {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    /** As the node's launcher: a bad command line. */
    public static final int EXIT_USAGE = 2;

    private static final String PREFIX = "minicoin: ";
    /** --help asks the node for its methods, but a person waiting for the help should not wait long. */
    static final java.time.Duration HELP_TIMEOUT = java.time.Duration.ofSeconds(3);

    private Cli() {
    }

    /** Set by scripts/cli to "true" when standard input is a terminal, which Java 17 cannot tell without a Console. */
    static final String STDIN_IS_TERMINAL_PROPERTY = "minicoin.cli.stdinIsTerminal";

    public static void main(String[] args) {
        PassphraseReader passphrases = new PassphraseReader(System.console(), System.in,
                Boolean.getBoolean(STDIN_IS_TERMINAL_PROPERTY));
        System.exit(run(args, passphrases, System.out, System.err));
    }

    /** Runs one command line with nothing on standard input; returns the exit code instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, PassphraseReader.fromStdin(InputStream.nullInputStream()), out, err);
    }

    /** Runs one command line, reading passphrases from {@code passphrases}; returns the exit code instead of exiting. */
    static int run(String[] args, PassphraseReader passphrases, PrintStream out, PrintStream err) {
        CommandLine.Invocation invocation;
        try {
            invocation = CommandLine.parse(List.of(args));
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(e.hint());
            return EXIT_USAGE;
        }
        if (invocation.command() instanceof Command.Help) {
            out.print(help(invocation));
            return EXIT_OK;
        }
        try {
            String token = invocation.token().isPresent() ? invocation.token().get() : RpcCookie.read(invocation.dataDir());
            RpcClient client = invocation.caCert().isPresent()
                    ? new RpcClient(invocation.rpc(), token, invocation.caCert().get())
                    : new RpcClient(invocation.rpc(), token);
            if (invocation.command() instanceof Command.WithPassphrases command) {
                out.println(command.render(callWithPassphrases(client, command, passphrases)));
            } else if (invocation.command() instanceof Command.Rpc command) {
                out.println(command.render(client.call(command.method(), command.params())));
            }
            return EXIT_OK;
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(e.hint());
            return EXIT_USAGE;
        } catch (RpcFailure e) {
            err.println(PREFIX + e.getMessage());
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A bug in the client still ends in one line, not a trace: the user can report that line.
            err.println(PREFIX + "unexpected failure: " + RpcFailure.oneLine(String.valueOf(e)));
            return EXIT_FAILURE;
        }
    }

    /**
     * The help, with the methods the node's {@code help} lists when it answers within
     * {@link #HELP_TIMEOUT}, else with the built-in list ({@link RpcMethodNames}).
     */
    static String help(CommandLine.Invocation invocation) {
        try {
            String token = invocation.token().isPresent() ? invocation.token().get() : RpcCookie.read(invocation.dataDir());
            RpcClient client = invocation.caCert().isPresent()
                    ? new RpcClient(invocation.rpc(), token, invocation.caCert().get())
                    : new RpcClient(invocation.rpc(), token, HELP_TIMEOUT, HELP_TIMEOUT);
            Object answer = client.call("help", new io.vertx.core.json.JsonArray());
            if (answer instanceof String text) {
                List<String> names = RpcMethodNames.fromHelp(text);
                if (!names.isEmpty()) {
                    return CommandLine.helpText(names, "from the node at " + invocation.rpc());
                }
            }
        } catch (RpcFailure | RuntimeException e) {
            // No cookie, no node, or an answer of another shape: the built-in list says what this client knows.
        }
        return CommandLine.helpText();
    }

    /** Reads the passphrases (after the token, so a missing cookie is told before anything is typed), then calls. */
    private static Object callWithPassphrases(RpcClient client, Command.WithPassphrases command, PassphraseReader reader)
            throws UsageException, RpcFailure {
        List<char[]> read = new ArrayList<>();
        try {
            for (Command.Prompt prompt : command.prompts()) {
                read.add(reader.read(prompt, "usage: " + CommandLine.PROGRAM + " [OPTIONS] " + command.method()
                        + " ... (the passphrase comes from the terminal or standard input)"));
            }
            return client.call(command.method(), command.params(read));
        } finally {
            read.forEach(passphrase -> Arrays.fill(passphrase, '\0'));
        }
    }
}

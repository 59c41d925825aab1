package minicoin.cli;

import java.io.PrintStream;
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

    private Cli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command line; returns the exit code instead of exiting, so tests can call it. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine.Invocation invocation;
        try {
            invocation = CommandLine.parse(List.of(args));
        } catch (UsageException e) {
            err.println(PREFIX + e.getMessage());
            err.println(e.hint());
            return EXIT_USAGE;
        }
        if (!(invocation.command() instanceof Command.Rpc command)) {
            out.print(CommandLine.helpText());
            return EXIT_OK;
        }
        try {
            String token = invocation.token().isPresent() ? invocation.token().get() : RpcCookie.read(invocation.dataDir());
            RpcClient client = invocation.caCert().isPresent()
                    ? new RpcClient(invocation.rpc(), token, invocation.caCert().get())
                    : new RpcClient(invocation.rpc(), token);
            Object result = client.call(command.method(), command.params());
            out.println(command.render(result));
            return EXIT_OK;
        } catch (RpcFailure e) {
            err.println(PREFIX + e.getMessage());
            return EXIT_FAILURE;
        } catch (RuntimeException e) {
            // A bug in the client still ends in one line, not a trace: the user can report that line.
            err.println(PREFIX + "unexpected failure: " + RpcFailure.oneLine(String.valueOf(e)));
            return EXIT_FAILURE;
        }
    }
}

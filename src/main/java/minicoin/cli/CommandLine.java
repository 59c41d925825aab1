package minicoin.cli;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The client's command line: {@code [--rpc URL] [--data DIR] [--token TOKEN] [--cacert FILE] VERB [ARGUMENTS]}.
 * Everything is checked here, before any request: a verb that is unknown, an argument missing or
 * extra, a number that is not a whole number, an option that does not exist.
 */
public final class CommandLine {

    /** What scripts/cli is called in usage lines: the way users are told to run the client. */
    static final String PROGRAM = "scripts/cli";
    /** The node's RPC endpoint by default (config.json's rpc.host and rpc.port). */
    public static final URI DEFAULT_RPC = URI.create("http://127.0.0.1:9999/");
    /** The node's data directory by default (config.json's dataDir), relative to where the client runs. */
    public static final Path DEFAULT_DATA_DIR = Path.of("./data");

    static final String GENERAL_HINT = "usage: " + PROGRAM + " [--rpc URL] [--data DIR] [--token TOKEN] VERB [ARGUMENTS]"
            + " (" + PROGRAM + " --help lists the verbs)";

    /** The help's lines stay within a classic terminal's 100 columns. */
    private static final int HELP_LINE_CHARS = 100;
    /** Width of the help's first column: the longest verb synopsis that fits on one line with its description. */
    private static final int HELP_TERM_WIDTH = 22;
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]+");
    /** RPC methods whose parameters are passphrases: only their own verbs may send them. */
    private static final Set<String> PASSPHRASE_METHODS = Set.of("encryptwallet", "walletpassphrase", "walletpassphrasechange");

    /**
     * One parsed command line.
     *
     * @param rpc     the node's JSON-RPC endpoint
     * @param dataDir where the node's {@code rpc.cookie} is looked for
     * @param token   the token given with {@code --token}, which overrides the cookie
     * @param caCert  the CA to trust for an {@code https://} endpoint, given with {@code --cacert}
     * @param command what to do
     */
    public record Invocation(URI rpc, Path dataDir, Optional<String> token, Optional<Path> caCert, Command command) {
    }

    /** The verbs, in the order the help text lists them. */
    enum Verb {
        GENESIS_BLOCK("genesis_block", "", "create the genesis block, paid to a new wallet address"),
        BALANCE("balance", "ADDRESS", "the confirmed balance of an address"),
        CREATEWALLET("createwallet", "", "add a new address to the node's wallet"),
        PRINTWALLET("printwallet", "", "list the addresses of the node's wallet"),
        SEND("send", "--from ADDRESS --to ADDRESS --amount N [--fee N]",
                "pay N whole coins from an address in the node's wallet, with an optional fee"),
        PRINT("print", "HEIGHT", "the header of the main-chain block at HEIGHT, as JSON"),
        ENCRYPTWALLET("encryptwallet", "", "encrypt the wallet's keys under a new passphrase (asked for twice)"),
        WALLETPASSPHRASE("walletpassphrase", "SECONDS", "unlock the wallet for SECONDS so it can send (passphrase asked for)"),
        WALLETLOCK("walletlock", "", "lock the wallet now"),
        WALLETPASSPHRASECHANGE("walletpassphrasechange", "", "change the wallet's passphrase (old, then new twice)"),
        BACKUPWALLET("backupwallet", "PATH", "copy the wallet to PATH, a new file on the node's host"
                + " (a relative PATH is taken from this directory)"),
        CALL("call", "METHOD [PARAMS]", "any RPC method; PARAMS is a JSON array or object (default [])");

        final String word;
        final String arguments;
        final String summary;

        Verb(String word, String arguments, String summary) {
            this.word = word;
            this.arguments = arguments;
            this.summary = summary;
        }

        String synopsis() {
            return arguments.isEmpty() ? word : word + " " + arguments;
        }

        String hint() {
            return "usage: " + PROGRAM + " [OPTIONS] " + synopsis();
        }

        static Optional<Verb> named(String word) {
            for (Verb verb : values()) {
                if (verb.word.equals(word)) {
                    return Optional.of(verb);
                }
            }
            return Optional.empty();
        }
    }

    /** Options taken before the verb, with what their value is called in messages. */
    private enum GlobalOption {
        RPC("--rpc", "a URL"),
        DATA("--data", "a directory"),
        TOKEN("--token", "a token"),
        CACERT("--cacert", "a file");

        final String name;
        final String valueName;

        GlobalOption(String name, String valueName) {
            this.name = name;
            this.valueName = valueName;
        }

        static Optional<GlobalOption> named(String name) {
            for (GlobalOption option : values()) {
                if (option.name.equals(name)) {
                    return Optional.of(option);
                }
            }
            return Optional.empty();
        }
    }

    private CommandLine() {
    }

    /** The text {@code --help} prints, ending with a newline, listing the built-in method names. */
    public static String helpText() {
        return helpText(RpcMethodNames.BUILT_IN, "built in, as the node did not answer");
    }

    /**
     * The text {@code --help} prints, ending with a newline.
     *
     * @param methods the methods {@code call} accepts
     * @param source where that list comes from, for the reader
     */
    public static String helpText(List<String> methods, String source) {
        StringBuilder text = new StringBuilder();
        text.append("usage: ").append(PROGRAM).append(" [OPTIONS] VERB [ARGUMENTS]\n\n");
        text.append("Asks a running Minicoin node over JSON-RPC.\n\n");
        text.append("Verbs:\n");
        for (Verb verb : Verb.values()) {
            helpRow(text, verb.synopsis(), verb.summary);
        }
        text.append("\nMethods call accepts (").append(source).append("; call help METHOD describes one):\n");
        StringBuilder line = new StringBuilder(" ");
        for (String method : methods) {
            if (line.length() + 1 + method.length() > HELP_LINE_CHARS) {
                text.append(line).append('\n');
                line = new StringBuilder(" ");
            }
            line.append(' ').append(method);
        }
        text.append(line).append('\n');
        text.append("\nOptions (before the verb):\n");
        helpRow(text, "--rpc URL", "the node's JSON-RPC endpoint (default " + DEFAULT_RPC + ")");
        helpRow(text, "--data DIR", "the node's data directory, where rpc.cookie is (default " + DEFAULT_DATA_DIR + ")");
        helpRow(text, "--token TOKEN", "the RPC token (rpc.token in the node's config), instead of DIR/rpc.cookie");
        helpRow(text, "--cacert FILE", "trust this CA's certificate (PEM) for an https:// URL, e.g. the ca.pem of"
                + " scripts/cluster-certs");
        helpRow(text, "-h, --help", "this text");
        text.append("\nPassphrases are never arguments: they are read from the terminal without echo or, when standard\n"
                + "input is not a terminal, one line each from it (walletpassphrasechange: the old, then the new).\n");
        text.append("\nExit status: 0 done, 1 the node failed or could not be reached, 2 bad command line.\n");
        return text.toString();
    }

    /** One line of the help's table; a term too wide for its column gets a line of its own. */
    private static void helpRow(StringBuilder text, String term, String description) {
        if (term.length() <= HELP_TERM_WIDTH) {
            text.append(String.format(Locale.ROOT, "  %-" + HELP_TERM_WIDTH + "s  %s\n", term, description));
        } else {
            text.append("  ").append(term).append('\n');
            text.append(" ".repeat(HELP_TERM_WIDTH + 4)).append(description).append('\n');
        }
    }

    /**
     * Parses the arguments of one run.
     *
     * @throws UsageException if they do not make a command; nothing has been sent then
     */
    public static Invocation parse(List<String> args) throws UsageException {
        if (args.contains("--help") || args.contains("-h")) {
            // The options before it still say which node to ask for its methods; if they are wrong, the defaults.
            List<String> rest = args.stream().filter(arg -> !arg.equals("--help") && !arg.equals("-h")).toList();
            try {
                Invocation options = parse(rest, false);
                return new Invocation(options.rpc(), options.dataDir(), options.token(), options.caCert(), new Command.Help());
            } catch (UsageException e) {
                return new Invocation(DEFAULT_RPC, DEFAULT_DATA_DIR, Optional.empty(), Optional.empty(), new Command.Help());
            }
        }
        return parse(args, true);
    }

    /** The options before the verb, then the verb's command; with {@code verbRequired} false, the options alone. */
    private static Invocation parse(List<String> args, boolean verbRequired) throws UsageException {
        URI rpc = DEFAULT_RPC;
        Path dataDir = DEFAULT_DATA_DIR;
        Optional<String> token;
        Map<GlobalOption, String> given = new HashMap<>();
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-")) {
            String arg = args.get(i++);
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            GlobalOption option = GlobalOption.named(name).orElseThrow(() -> usage("unknown option " + name, GENERAL_HINT));
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i < args.size() && !args.get(i).startsWith("--")) {
                value = args.get(i++);
            } else {
                throw usage(name + " needs " + option.valueName, GENERAL_HINT);
            }
            if (value.isEmpty()) {
                throw usage(name + " needs " + option.valueName, GENERAL_HINT);
            }
            if (given.put(option, value) != null) {
                throw usage(name + " is given twice", GENERAL_HINT);
            }
        }
        if (given.containsKey(GlobalOption.RPC)) {
            rpc = rpcUri(given.get(GlobalOption.RPC));
        }
        if (given.containsKey(GlobalOption.DATA)) {
            dataDir = directory(given.get(GlobalOption.DATA));
        }
        token = Optional.ofNullable(given.get(GlobalOption.TOKEN));
        Optional<Path> caCert = Optional.empty();
        if (given.containsKey(GlobalOption.CACERT)) {
            if (!rpc.getScheme().equalsIgnoreCase("https")) {
                throw usage("--cacert is for an https:// node; give --rpc https://HOST:PORT/ too", GENERAL_HINT);
            }
            caCert = Optional.of(file("--cacert", given.get(GlobalOption.CACERT)));
        }

        if (!verbRequired) {
            return new Invocation(rpc, dataDir, token, caCert, new Command.Help());
        }
        if (i == args.size()) {
            throw usage("no verb given", GENERAL_HINT);
        }
        String word = args.get(i);
        Verb verb = Verb.named(word).orElseThrow(() -> usage("unknown verb '" + word + "'", GENERAL_HINT));
        List<String> rest = args.subList(i + 1, args.size());
        return new Invocation(rpc, dataDir, token, caCert, command(verb, rest));
    }

    private static Command command(Verb verb, List<String> rest) throws UsageException {
        switch (verb) {
            case GENESIS_BLOCK:
                positional(verb, rest, 0, 0, "");
                return new Command.GenesisBlock();
            case BALANCE:
                positional(verb, rest, 1, 1, "an ADDRESS");
                return new Command.Balance(rest.get(0));
            case CREATEWALLET:
                positional(verb, rest, 0, 0, "");
                return new Command.CreateWallet();
            case PRINTWALLET:
                positional(verb, rest, 0, 0, "");
                return new Command.PrintWallet();
            case SEND:
                return send(rest);
            case PRINT:
                positional(verb, rest, 1, 1, "a HEIGHT");
                return new Command.Print(wholeNumber(verb, "HEIGHT", rest.get(0), 0));
            case ENCRYPTWALLET:
                positional(verb, rest, 0, 0, "");
                return new Command.EncryptWallet();
            case WALLETPASSPHRASE:
                positional(verb, rest, 1, 1, "SECONDS");
                return new Command.WalletPassphrase(wholeNumber(verb, "SECONDS", rest.get(0), 0));
            case WALLETLOCK:
                positional(verb, rest, 0, 0, "");
                return new Command.WalletLock();
            case WALLETPASSPHRASECHANGE:
                positional(verb, rest, 0, 0, "");
                return new Command.WalletPassphraseChange();
            case BACKUPWALLET:
                positional(verb, rest, 1, 1, "a PATH");
                return new Command.BackupWallet(absolute(verb, rest.get(0)).toString());
            case CALL:
                positional(verb, rest, 1, 2, "a METHOD");
                if (PASSPHRASE_METHODS.contains(rest.get(0))) {
                    throw usage("call " + rest.get(0) + " would put a passphrase on the command line, where other users"
                            + " and the shell's history see it; use " + PROGRAM + " " + rest.get(0)
                            + ", which reads it from the terminal or standard input", Verb.CALL.hint());
                }
                return new Command.Call(rest.get(0), rest.size() == 2 ? params(rest.get(1)) : new JsonArray());
            default:
                throw new IllegalStateException("verb without a parser: " + verb);
        }
    }

    /** Checks the count of a verb's plain arguments, and that none is an option. */
    private static void positional(Verb verb, List<String> rest, int min, int max, String firstName) throws UsageException {
        for (String arg : rest) {
            if (arg.startsWith("--")) {
                String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (GlobalOption.named(name).isPresent()) {
                    throw usage(name + " goes before the verb", verb.hint());
                }
                throw usage(verb.word + " takes no option " + name, verb.hint());
            }
        }
        if (rest.size() < min) {
            throw usage(verb.word + " needs " + firstName, verb.hint());
        }
        if (rest.size() > max) {
            throw usage("unexpected argument '" + rest.get(max) + "' after " + verb.word, verb.hint());
        }
    }

    private static Command.Send send(List<String> rest) throws UsageException {
        Verb verb = Verb.SEND;
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < rest.size(); i++) {
            String arg = rest.get(i);
            int equals = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!List.of("--from", "--to", "--amount", "--fee").contains(name)) {
                if (GlobalOption.named(name).isPresent()) {
                    throw usage(name + " goes before the verb", verb.hint());
                }
                throw usage(name.startsWith("-") ? "send takes no option " + name : "unexpected argument '" + arg + "' after send",
                        verb.hint());
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < rest.size() && !rest.get(i + 1).startsWith("--")) {
                value = rest.get(++i);
            } else {
                value = "";
            }
            if (value.isEmpty()) {
                throw usage(name + " needs a value", verb.hint());
            }
            if (values.put(name, value) != null) {
                throw usage(name + " is given twice", verb.hint());
            }
        }
        for (String required : List.of("--from", "--to", "--amount")) {
            if (!values.containsKey(required)) {
                throw usage("send needs " + required, verb.hint());
            }
        }
        long amount = wholeNumber(verb, "--amount", values.get("--amount"), 1);
        OptionalLong fee = values.containsKey("--fee")
                ? OptionalLong.of(wholeNumber(verb, "--fee", values.get("--fee"), 0))
                : OptionalLong.empty();
        return new Command.Send(values.get("--from"), values.get("--to"), amount, fee);
    }

    private static long wholeNumber(Verb verb, String what, String text, long min) throws UsageException {
        long value;
        try {
            if (!WHOLE_NUMBER.matcher(text).matches()) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw usage(what + " must be a whole number, not '" + text + "'", verb.hint());
        }
        if (value < min) {
            throw usage(what + " must be at least " + min, verb.hint());
        }
        return value;
    }

    private static Object params(String text) throws UsageException {
        String json = text.strip();
        try {
            if (json.startsWith("[")) {
                return new JsonArray(json);
            }
            if (json.startsWith("{")) {
                return new JsonObject(json);
            }
        } catch (DecodeException e) {
            throw usage("PARAMS is not valid JSON: " + RpcFailure.abbreviate(firstLine(e.getMessage())), Verb.CALL.hint());
        }
        throw usage("PARAMS must be a JSON array or object, not '" + RpcFailure.abbreviate(text) + "'", Verb.CALL.hint());
    }

    private static URI rpcUri(String text) throws UsageException {
        String problem = "--rpc needs an http:// URL such as " + DEFAULT_RPC + ", not '" + text + "'";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw usage(problem, GENERAL_HINT);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw usage(problem, GENERAL_HINT);
        }
        return uri;
    }

    /** The node wants an absolute path; a relative one means this directory, where the client runs. */
    private static Path absolute(Verb verb, String text) throws UsageException {
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw usage("PATH is not a valid path: " + RpcFailure.abbreviate(text), verb.hint());
        }
    }

    private static Path directory(String text) throws UsageException {
        return file("--data", text);
    }

    private static Path file(String option, String text) throws UsageException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw usage(option + " is not a valid path: " + text, GENERAL_HINT);
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    private static UsageException usage(String message, String hint) {
        return new UsageException(message, hint);
    }
}

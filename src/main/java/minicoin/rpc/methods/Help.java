package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.stream.Collectors;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code help [command]} → a string, as Core's: without a command one line per method (its usage and
 * its description), with one that method's usage, description and parameters. Everything comes from
 * the methods themselves (their {@link RpcMethod#description()} and parameter schemas), so a new
 * method is listed without touching this class. An unknown command is answered, as in Core, with
 * the result "help: unknown command: NAME", not an error.
 */
public final class Help implements RpcMethod {

    /** Longest method name Core has is 31 characters; longer input cannot name a method. */
    private static final int MAX_COMMAND_CHARS = 64;

    private final ParamSpec params = ParamSpec.of(optional("command", new JsonObject()
            .put("type", "string").put("minLength", 1).put("maxLength", MAX_COMMAND_CHARS)
            .put("description", "the method to describe")));
    private final RpcMethods methods;

    /** @param methods the registry this method is part of; read at each call, so it may still be filling */
    Help(RpcMethods methods) {
        this.methods = Objects.requireNonNull(methods, "methods");
    }

    @Override
    public String name() {
        return "help";
    }

    @Override
    public String description() {
        return "Lists every method with its description, or describes one method in full.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String command = call.params().getString("command");
        if (command == null) {
            return Future.succeededFuture(methods.names().stream()
                    .map(name -> line(name, methods.find(name).orElseThrow()))
                    .collect(Collectors.joining("\n")));
        }
        return Future.succeededFuture(methods.find(command)
                .map(method -> full(command, method))
                .orElse("help: unknown command: " + command));
    }

    /** {@code getblock blockhash ( verbosity )  -  A block by ...}; an alias says whose it is. */
    private static String line(String name, RpcMethod method) {
        String description = name.equals(method.name()) ? method.description() : "Alias of " + method.name() + ".";
        return usage(name, method) + "  -  " + description;
    }

    private static String full(String name, RpcMethod method) {
        StringBuilder text = new StringBuilder(usage(name, method)).append("\n\n").append(method.description()).append('\n');
        if (!name.equals(method.name())) {
            text.append("Alias of ").append(method.name()).append(".\n");
        }
        if (!method.params().params().isEmpty()) {
            text.append("\nArguments:\n");
            int i = 1;
            for (ParamSpec.Param param : method.params().params()) {
                Object description = param.schema().getValue("description", param.schema().getValue("type", ""));
                text.append(i++).append(". ").append(param.name())
                        .append(param.required() ? " (required)" : " (optional)")
                        .append(": ").append(description).append('\n');
            }
        }
        return text.toString();
    }

    /** Core's usage line: required parameters bare, optional ones inside {@code ( )}. */
    private static String usage(String name, RpcMethod method) {
        StringBuilder usage = new StringBuilder(name);
        boolean optionalOpen = false;
        for (ParamSpec.Param param : method.params().params()) {
            if (!param.required() && !optionalOpen) {
                usage.append(" (");
                optionalOpen = true;
            }
            usage.append(' ').append(param.name());
        }
        return optionalOpen ? usage.append(" )").toString() : usage.toString();
    }
}

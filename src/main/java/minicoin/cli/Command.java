package minicoin.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What the user asked for, one record per verb. {@link Help} needs no node; every other verb is
 * one JSON-RPC request ({@link Rpc}, or {@link WithPassphrases} when the client must first read
 * passphrases) whose result it renders in the seed's words.
 */
public sealed interface Command {

    /** {@code --help}: print the usage text. */
    record Help() implements Command {
    }

    /** A verb answered by one JSON-RPC call. */
    sealed interface Rpc extends Command {

        /** The JSON-RPC method name. */
        String method();

        /** Positional ({@link JsonArray}) or named ({@link JsonObject}) parameters; a fresh copy each call. */
        Object params();

        /**
         * The text to print for the call's result, without a final newline.
         *
         * @throws RpcFailure of kind {@link RpcFailure.Kind#BAD_REPLY} if the result does not have the expected shape
         */
        String render(Object result) throws RpcFailure;
    }

    /** One passphrase the client asks for: what it is called, and whether the terminal asks for it twice. */
    record Prompt(String text, boolean confirm) {
        public Prompt {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A verb whose parameters start with passphrases, which the client reads from the terminal or
     * standard input ({@link PassphraseReader}), never from its command line.
     */
    sealed interface WithPassphrases extends Command {

        String method();

        /** The passphrases to read, in order. */
        List<Prompt> prompts();

        /** The positional parameters, given the passphrases read for {@link #prompts()}. */
        JsonArray params(List<char[]> passphrases);

        String render(Object result) throws RpcFailure;
    }

    /** {@code encryptwallet}: encrypts the wallet under a new passphrase. */
    record EncryptWallet() implements WithPassphrases {
        @Override
        public String method() {
            return "encryptwallet";
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(new Prompt("New passphrase", true));
        }

        @Override
        public JsonArray params(List<char[]> passphrases) {
            return new JsonArray().add(new String(passphrases.get(0)));
        }

        @Override
        public String render(Object result) throws RpcFailure {
            return text(result, method());
        }
    }

    /** {@code walletpassphrase SECONDS}: unlocks the wallet for that long. */
    record WalletPassphrase(long seconds) implements WithPassphrases {
        @Override
        public String method() {
            return "walletpassphrase";
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(new Prompt("Passphrase", false));
        }

        @Override
        public JsonArray params(List<char[]> passphrases) {
            return new JsonArray().add(new String(passphrases.get(0))).add(seconds);
        }

        @Override
        public String render(Object result) {
            return "Wallet unlocked for " + seconds + " seconds";
        }
    }

    /** {@code walletpassphrasechange}: the old passphrase, then the new one. */
    record WalletPassphraseChange() implements WithPassphrases {
        @Override
        public String method() {
            return "walletpassphrasechange";
        }

        @Override
        public List<Prompt> prompts() {
            return List.of(new Prompt("Old passphrase", false), new Prompt("New passphrase", true));
        }

        @Override
        public JsonArray params(List<char[]> passphrases) {
            return new JsonArray().add(new String(passphrases.get(0))).add(new String(passphrases.get(1)));
        }

        @Override
        public String render(Object result) {
            return "Wallet passphrase changed";
        }
    }

    /** {@code walletlock}: forgets the wallet's key now. */
    record WalletLock() implements Rpc {
        @Override
        public String method() {
            return "walletlock";
        }

        @Override
        public Object params() {
            return new JsonArray();
        }

        @Override
        public String render(Object result) {
            return "Wallet locked";
        }
    }

    /** {@code backupwallet PATH}: a copy of the wallet at an absolute path on the node's host. */
    record BackupWallet(String path) implements Rpc {
        public BackupWallet {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String method() {
            return "backupwallet";
        }

        @Override
        public Object params() {
            return new JsonArray().add(path);
        }

        @Override
        public String render(Object result) {
            return "Wallet backed up to " + path;
        }
    }

    /** {@code genesis_block}: creates the genesis block, paid to a new wallet address. */
    record GenesisBlock() implements Rpc {
        @Override
        public String method() {
            return "creategenesis";
        }

        @Override
        public Object params() {
            return new JsonArray();
        }

        @Override
        public String render(Object result) throws RpcFailure {
            return "Genesis Wallet is: " + text(field(result, "address", method()), method());
        }
    }

    /**
     * {@code balance ADDRESS}: the address's confirmed balance (the seed's line) and, when mempool
     * transactions pay or spend it, a second line with the coins pending and the balance once they confirm.
     */
    record Balance(String address) implements Rpc {
        public Balance {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String method() {
            return "getbalance";
        }

        @Override
        public Object params() {
            return new JsonArray().add(address);
        }

        @Override
        public String render(Object result) throws RpcFailure {
            Object confirmed = field(result, "confirmed", method());
            if (!(confirmed instanceof Number)) {
                throw badReply(method(), "confirmed is not a number", result);
            }
            String line = address + " balance is " + confirmed;
            // A node before "pending" answers without it: the seed's line alone.
            if (result instanceof JsonObject json && json.getValue("pending") instanceof Number pending
                    && json.getValue("withUnconfirmed") instanceof Number withUnconfirmed
                    && (pending.longValue() > 0 || withUnconfirmed.longValue() != ((Number) confirmed).longValue())) {
                line += "\n" + address + " has " + pending + " pending (not in a block yet); balance once confirmed "
                        + withUnconfirmed;
            }
            return line;
        }
    }

    /** {@code createwallet}: a new address in the node's wallet. */
    record CreateWallet() implements Rpc {
        @Override
        public String method() {
            return "getnewaddress";
        }

        @Override
        public Object params() {
            return new JsonArray();
        }

        @Override
        public String render(Object result) throws RpcFailure {
            return "Wallet address is " + text(result, method());
        }
    }

    /** {@code printwallet}: every address in the node's wallet, in creation order. */
    record PrintWallet() implements Rpc {
        @Override
        public String method() {
            return "listaddresses";
        }

        @Override
        public Object params() {
            return new JsonArray();
        }

        @Override
        public String render(Object result) throws RpcFailure {
            if (!(result instanceof JsonArray addresses)) {
                throw badReply(method(), "expected a list of addresses", result);
            }
            StringBuilder out = new StringBuilder("Wallet are:");
            for (int i = 0; i < addresses.size(); i++) {
                out.append("\n\t").append(text(addresses.getValue(i), method()));
            }
            return out.toString();
        }
    }

    /** {@code send --from A --to B --amount N [--fee F]}: a payment from an address of the node's wallet. */
    record Send(String from, String to, long amount, OptionalLong fee) implements Rpc {
        public Send {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(fee, "fee");
        }

        @Override
        public String method() {
            return "send";
        }

        @Override
        public Object params() {
            JsonArray params = new JsonArray().add(from).add(to).add(amount);
            fee.ifPresent(params::add);
            return params;
        }

        @Override
        public String render(Object result) throws RpcFailure {
            String txid = text(field(result, "txid", method()), method());
            return "Sent " + amount + " from " + from + " to " + to + " in transaction " + txid;
        }
    }

    /** {@code print HEIGHT}: the header of the main-chain block at that height, as JSON. */
    record Print(long height) implements Rpc {
        /** getblockview's verbosity for the header alone. */
        static final int HEADER_ONLY = 0;

        /** Minicoin's own view of a block: getblock at verbosity 0 is Core's hex. */
        @Override
        public String method() {
            return "getblockview";
        }

        @Override
        public Object params() {
            return new JsonArray().add(height).add(HEADER_ONLY);
        }

        @Override
        public String render(Object result) {
            return PrettyJson.format(result);
        }
    }

    /** {@code call METHOD [PARAMS]}: any method, its result printed as JSON. */
    record Call(String method, Object params) implements Rpc {
        public Call {
            Objects.requireNonNull(method, "method");
            if (params instanceof JsonArray array) {
                params = array.copy();
            } else if (params instanceof JsonObject object) {
                params = object.copy();
            } else {
                throw new IllegalArgumentException("params must be a JsonArray or a JsonObject");
            }
        }

        @Override
        public Object params() {
            return params instanceof JsonArray array ? array.copy() : ((JsonObject) params).copy();
        }

        @Override
        public String render(Object result) {
            return PrettyJson.format(result);
        }
    }

    private static Object field(Object result, String name, String method) throws RpcFailure {
        if (!(result instanceof JsonObject object) || !object.containsKey(name)) {
            throw badReply(method, "no " + name, result);
        }
        return object.getValue(name);
    }

    private static String text(Object value, String method) throws RpcFailure {
        if (!(value instanceof String string)) {
            throw badReply(method, "expected a string", value);
        }
        return string;
    }

    private static RpcFailure badReply(String method, String problem, Object result) {
        return new RpcFailure(RpcFailure.Kind.BAD_REPLY,
                "unexpected result from " + method + " (" + problem + "): " + RpcFailure.abbreviate(PrettyJson.compact(result)));
    }
}

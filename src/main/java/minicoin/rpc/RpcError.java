package minicoin.rpc;

import minicoin.bus.BusError;

/**
 * Every JSON-RPC error code this server answers with. Where Bitcoin Core has an error for the same
 * case, the code is Core's (src/rpc/protocol.h): the JSON-RPC 2.0 ones it shares, -8 for any bad
 * parameter, -5 for an invalid address or a block or transaction not found, -6, -3, -22, -25/-26, and
 * the wallet's -4, -13 to -15. The project's own (-32001, -32002, -32011, -32016) are cases Core
 * does not have. The message is the default text; most errors carry a sentence of their own (see
 * {@link RpcException}).
 */
public enum RpcError {
    PARSE_ERROR(-32700, "parse error"),
    INVALID_REQUEST(-32600, "invalid request"),
    METHOD_NOT_FOUND(-32601, "method not found"),
    /** Core's RPC_INVALID_PARAMETER, "invalid, missing or duplicate parameter": what Core answers a bad parameter with (was -32602). */
    INVALID_PARAMS(-8, "invalid params"),
    INTERNAL_ERROR(-32603, "internal error"),
    UNAUTHORIZED(-32001, "unauthorized: missing or wrong token"),
    /** HTTP 503: {@link RpcLimits#maxCallsInFlight} requests are being answered already. */
    WORK_QUEUE_FULL(-32002, "work queue full: too many calls in flight, try again shortly"),
    /** Core's RPC_WALLET_INSUFFICIENT_FUNDS (was -32010). */
    INSUFFICIENT_FUNDS(-6, "insufficient funds"),
    /** Minicoin's own: Core's wallet has no "from" address to choose. */
    UNKNOWN_ADDRESS(-32011, "the address is not in this node's wallet"),
    /** Core's RPC_INVALID_ADDRESS_OR_KEY (was -32012). */
    BAD_ADDRESS(-5, "not a valid address"),
    /** Core's RPC_TYPE_ERROR, which its AmountFromValue throws for "Amount out of range" (was -32013). */
    BAD_AMOUNT(-3, "amount or fee out of range"),
    /** Core's RPC_VERIFY_REJECTED: a consensus or policy rule refused it (was -32014). */
    REJECTED(-26, "rejected: invalid transaction or block"),
    /** Core's RPC_VERIFY_ERROR, for a transaction spending coins that are not there (REJECTED with MISSING_INPUT). */
    VERIFY_ERROR(-25, "missing inputs"),
    /** Core's RPC_DESERIALIZATION_ERROR: hex that is not a transaction (decoderawtransaction, sendrawtransaction). */
    DESERIALIZATION_ERROR(-22, "TX decode failed"),
    /** Core's RPC_INVALID_ADDRESS_OR_KEY, its "Block not found", "No such mempool or blockchain transaction" (was -32015). */
    NOT_FOUND(-5, "not found"),
    /** Minicoin's own: a Core node always has its network's genesis. */
    NO_GENESIS(-32016, "the chain has no genesis block yet"),
    /** Core's RPC_CLIENT_NODE_ALREADY_ADDED: setban of a subnet banned already. */
    NODE_ALREADY_ADDED(-23, "Error: IP/Subnet already banned"),
    /** Core's RPC_CLIENT_NODE_NOT_CONNECTED: disconnectnode of a peer that is not connected. */
    NODE_NOT_CONNECTED(-29, "Node not found in connected nodes"),
    /** Core's RPC_CLIENT_INVALID_IP_OR_SUBNET: setban of text that is no address or subnet, or unban of one not banned. */
    INVALID_IP_OR_SUBNET(-30, "Error: Invalid IP/Subnet"),
    /** Core's RPC_WALLET_ERROR. */
    WALLET_ERROR(-4, "wallet error"),
    /** Core's RPC_WALLET_UNLOCK_NEEDED: an encrypted wallet is locked. */
    WALLET_UNLOCK_NEEDED(-13, "Error: Please enter the wallet passphrase with walletpassphrase first."),
    /** Core's RPC_WALLET_PASSPHRASE_INCORRECT. */
    WALLET_PASSPHRASE_INCORRECT(-14, "Error: The wallet passphrase entered was incorrect."),
    /** Core's RPC_WALLET_WRONG_ENC_STATE: encrypting an encrypted wallet, unlocking an unencrypted one. */
    WALLET_WRONG_ENC_STATE(-15, "the wallet is not in the encryption state the command needs");

    /** The rule code a REJECTED text starts with when the coins spent are not there (core.RejectCode). */
    private static final String MISSING_INPUT_PREFIX = "MISSING_INPUT";

    private final int code;
    private final String message;

    RpcError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }

    /** The JSON-RPC error for a failed event-bus request with the service's {@code text}. */
    public static RpcError of(BusError error, String text) {
        if (error == BusError.REJECTED && text != null && text.startsWith(MISSING_INPUT_PREFIX)) {
            return VERIFY_ERROR;
        }
        return of(error);
    }

    /** The JSON-RPC error for a failed event-bus request. */
    public static RpcError of(BusError error) {
        return switch (error) {
            case INVALID_REQUEST -> INVALID_PARAMS;
            case NOT_FOUND -> NOT_FOUND;
            case REJECTED -> REJECTED;
            case INSUFFICIENT_FUNDS -> INSUFFICIENT_FUNDS;
            case UNKNOWN_ADDRESS -> UNKNOWN_ADDRESS;
            case BAD_ADDRESS -> BAD_ADDRESS;
            case BAD_AMOUNT -> BAD_AMOUNT;
            case NO_GENESIS -> NO_GENESIS;
            case WALLET_LOCKED -> WALLET_UNLOCK_NEEDED;
            case WRONG_PASSPHRASE -> WALLET_PASSPHRASE_INCORRECT;
            case WRONG_ENCRYPTION_STATE -> WALLET_WRONG_ENC_STATE;
            case WALLET_ERROR -> WALLET_ERROR;
            case INTERNAL -> INTERNAL_ERROR;
        };
    }
}

package minicoin.rpc;

import minicoin.bus.BusError;

/**
 * Every JSON-RPC error code this server answers with: the standard ones of JSON-RPC 2.0, Bitcoin
 * Core's wallet codes (-4, -13 to -15) where Core has the error, then the project's (-32001, -32002,
 * and -32010 up), one per {@link BusError} a user can cause. The message is the default text; most
 * errors carry a sentence of their own (see {@link RpcException}).
 */
public enum RpcError {
    PARSE_ERROR(-32700, "parse error"),
    INVALID_REQUEST(-32600, "invalid request"),
    METHOD_NOT_FOUND(-32601, "method not found"),
    INVALID_PARAMS(-32602, "invalid params"),
    INTERNAL_ERROR(-32603, "internal error"),
    UNAUTHORIZED(-32001, "unauthorized: missing or wrong token"),
    /** HTTP 503: {@link RpcLimits#maxCallsInFlight} requests are being answered already. */
    WORK_QUEUE_FULL(-32002, "work queue full: too many calls in flight, try again shortly"),
    INSUFFICIENT_FUNDS(-32010, "insufficient funds"),
    UNKNOWN_ADDRESS(-32011, "the address is not in this node's wallet"),
    BAD_ADDRESS(-32012, "not a valid address"),
    BAD_AMOUNT(-32013, "amount or fee out of range"),
    REJECTED(-32014, "rejected: invalid transaction or block"),
    NOT_FOUND(-32015, "not found"),
    NO_GENESIS(-32016, "the chain has no genesis block yet"),
    /** Core's RPC_WALLET_ERROR. */
    WALLET_ERROR(-4, "wallet error"),
    /** Core's RPC_WALLET_UNLOCK_NEEDED: an encrypted wallet is locked. */
    WALLET_UNLOCK_NEEDED(-13, "Error: Please enter the wallet passphrase with walletpassphrase first."),
    /** Core's RPC_WALLET_PASSPHRASE_INCORRECT. */
    WALLET_PASSPHRASE_INCORRECT(-14, "Error: The wallet passphrase entered was incorrect."),
    /** Core's RPC_WALLET_WRONG_ENC_STATE: encrypting an encrypted wallet, unlocking an unencrypted one. */
    WALLET_WRONG_ENC_STATE(-15, "the wallet is not in the encryption state the command needs");

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

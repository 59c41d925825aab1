/**
 * The command-line client, {@code scripts/cli}: the seed's verbs ({@code genesis_block},
 * {@code balance}, {@code createwallet}, {@code printwallet}, {@code send}, {@code print}) and
 * {@code call} for any other method, each one JSON-RPC request to a running node.
 *
 * <p>{@link minicoin.cli.CommandLine} turns arguments into a {@link minicoin.cli.Command},
 * {@link minicoin.cli.RpcClient} carries it over HTTP with the JDK's client, and the command
 * renders the reply in the seed's words. {@link minicoin.cli.Cli} ties them together and maps
 * every failure to one line on stderr and an exit code.
 *
 * <p>It talks JSON-RPC only: no other package of the node is used, and no Vert.x instance is
 * started (only its JSON types, which need none).
 */
package minicoin.cli;
